/**
 * What the {@code neurospark events} and {@code neurospark snn} commands share: the error handler that turns
 * exceptions into one-line messages naming the path and the reason, and escaping of text echoed to the terminal.
 */
package org.neurospark.cli.support;

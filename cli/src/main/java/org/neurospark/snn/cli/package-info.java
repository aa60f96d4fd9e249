/**
 * The {@code neurospark snn} command line (picocli).
 */
package org.neurospark.snn.cli;

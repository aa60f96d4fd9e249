/**
 * All-or-nothing outputs: {@link org.neurospark.events.output.AtomicFile} (one file written under a temporary name
 * beside its target and renamed into place on success) and {@link org.neurospark.events.output.StagedDirectory}
 * (several files written into a hidden sibling folder and moved into the output folder on success), plus
 * {@link org.neurospark.events.output.OutputTargets}, which refuses to replace anything at an output path that is
 * not a regular file (a directory, FIFO, device, socket or unresolvable symbolic link). A failed command leaves the
 * previous output, or none.
 */
package org.neurospark.events.output;

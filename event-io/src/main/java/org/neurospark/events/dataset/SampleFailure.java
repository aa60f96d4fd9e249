package org.neurospark.events.dataset;

import java.nio.file.Path;

/**
 * A sample that could not be exported.
 *
 * @param file the recording it comes from
 * @param name the sample's name
 * @param offset byte offset in {@code file} where the problem was found, or -1 when unknown
 * @param message what went wrong
 */
public record SampleFailure(Path file, String name, long offset, String message) {}

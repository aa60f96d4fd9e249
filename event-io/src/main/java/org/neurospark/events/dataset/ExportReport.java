package org.neurospark.events.dataset;

import java.util.List;

/**
 * Result of {@link EventsNpExport#export(DatasetCatalog, List, java.nio.file.Path,
 * org.neurospark.events.transform.EventTransform, boolean, boolean)}.
 *
 * @param written samples written
 * @param events events written in total
 * @param failures samples skipped, in the order they failed
 */
public record ExportReport(long written, long events, List<SampleFailure> failures) {
  public ExportReport {
    failures = List.copyOf(failures);
  }
}

/**
 * Training as a library: {@link org.neurospark.snn.train.TrainStep} (the one optimisation step: encode, forward,
 * loss, backward, update, reset), {@link org.neurospark.snn.train.StepMetrics} (metrics read on demand),
 * {@link org.neurospark.snn.train.Evaluation} (loss, accuracy, confusion matrix), the serialisable
 * {@link org.neurospark.snn.train.TrainConfig}, and {@link org.neurospark.snn.train.TrainingCheckpoint} (model,
 * optimizer and loop state to a folder or a stream); {@link org.neurospark.snn.train.Trainer} is the local driver
 * ({@code snn train}: seeded shuffling, metrics.jsonl, progress bar, PNG curves, latest/best checkpoints, exact
 * resume).
 */
package org.neurospark.snn.train;

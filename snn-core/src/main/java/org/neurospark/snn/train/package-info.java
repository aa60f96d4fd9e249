/**
 * The training loop: seeded shuffling, metrics.jsonl, progress bar, PNG curves, latest/best checkpoints and exact resume ({@link org.neurospark.snn.train.Trainer}).
 */
package org.neurospark.snn.train;

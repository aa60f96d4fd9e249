/**
 * Datasets: the {@link org.neurospark.snn.data.BatchSource} interface training and evaluation read (sizes, labels,
 * batches by index) with its seeded per-epoch order ({@link org.neurospark.snn.data.EpochOrder}); image splits held
 * as bytes ({@link org.neurospark.snn.data.ImageDataset}, batches {@code [N, C, H, W]}), event frames held in memory
 * ({@link org.neurospark.snn.data.FrameDataset}, batches time-major {@code [T, N, 2, H, W]}); the IDX format of
 * MNIST / Fashion-MNIST ({@link org.neurospark.snn.data.IdxReader}, streaming, gzip detected).
 */
package org.neurospark.snn.data;

/**
 * Datasets: the IDX format of MNIST / Fashion-MNIST ({@link org.neurospark.snn.data.IdxReader}, streaming, gzip detected) and image splits held as bytes ({@link org.neurospark.snn.data.ImageDataset}).
 */
package org.neurospark.snn.data;

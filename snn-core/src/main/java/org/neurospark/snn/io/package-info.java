/**
 * Model file formats: safetensors read/write ({@link org.neurospark.snn.io.SafeTensors}) with PyTorch state-dict names, and {@link org.neurospark.snn.io.DataFileException} for bad files (file + byte offset).
 */
package org.neurospark.snn.io;

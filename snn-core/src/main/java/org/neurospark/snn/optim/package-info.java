/**
 * Optimizers with PyTorch's exact update rules (SGD with momentum/Nesterov/weight decay, Adam, AdamW, AMSGrad), their
 * typed per-parameter state ({@link org.neurospark.snn.optim.ParamState}: step count and buffer tensors),
 * learning-rate schedules (cosine, step, linear warm-up) and state save/restore for exact resumption.
 */
package org.neurospark.snn.optim;

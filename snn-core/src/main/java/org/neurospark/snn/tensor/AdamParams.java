package org.neurospark.snn.tensor;

/**
 * Hyper-parameters of one Adam/AdamW update ({@code torch.optim.Adam/AdamW}, non-fused): learning rate, betas,
 * eps, weight decay (added to the gradient for Adam, decoupled {@code p *= 1 − lr·wd} for AdamW when
 * {@code decoupled}). See {@link Backend#adamUpdate}.
 */
public record AdamParams(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {}

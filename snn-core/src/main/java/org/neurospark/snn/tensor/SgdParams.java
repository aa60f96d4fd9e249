package org.neurospark.snn.tensor;

/**
 * Hyper-parameters of one SGD update ({@code torch.optim.SGD}): learning rate, momentum, dampening, L2 weight
 * decay (added to the gradient) and Nesterov momentum. See {@link Backend#sgdUpdate}.
 */
public record SgdParams(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {}

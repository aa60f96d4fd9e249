/**
 * Reverse-mode automatic differentiation: every differentiable op is a {@link org.neurospark.snn.autograd.Function}
 * whose {@code apply} records a {@link org.neurospark.snn.autograd.Node}; {@link org.neurospark.snn.autograd.Autograd}
 * runs the graph backwards; {@link org.neurospark.snn.autograd.GradMode} switches recording off per thread;
 * {@link org.neurospark.snn.autograd.GradCheck} verifies a backward against finite differences. Custom fused ops
 * (e.g. multi-step neurons) subclass {@code Function}.
 */
package org.neurospark.snn.autograd;

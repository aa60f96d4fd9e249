package org.neurospark.snn.neuron;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Minimal module abstraction of the neuron layer (until the engine's module/tensor API is merged): named children,
 * a step mode ({@code 's'}: input [N, ...], one time step per call; {@code 'm'}: input [T, N, ...], a whole
 * sequence per call), training flag, forward/pre-forward/backward hooks (used by monitors) and a per-module
 * backward for the most recent forward call not yet back-propagated (LIFO).
 *
 * <p>Arrays are row-major float32 with the shape passed alongside; modules never keep references to caller arrays
 * beyond the call except when documented.
 */
public abstract class Module {
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final List<ForwardHook> forwardHooks = new ArrayList<>();
  private final List<PreForwardHook> preForwardHooks = new ArrayList<>();
  private final List<BackwardHook> backwardHooks = new ArrayList<>();
  private char stepMode = 's';
  private boolean training = true;

  /** Step modes this module supports (default both). */
  public Set<Character> supportedStepModes() {
    return Set.of('s', 'm');
  }

  /** Current step mode, {@code 's'} (default, like SpikingJelly) or {@code 'm'}. */
  public char stepMode() {
    return stepMode;
  }

  /** Sets this module's step mode (not its children's; see {@link Functional#setStepMode}). */
  public void setStepMode(char mode) {
    if (!supportedStepModes().contains(mode)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " does not support step_mode '" + mode
          + "'; supported: " + supportedStepModes());
    }
    this.stepMode = mode;
  }

  public boolean isTraining() {
    return training;
  }

  /** Training mode (saves what backward needs) or evaluation mode; applies to all descendants. */
  public void train(boolean on) {
    this.training = on;
    for (Module c : children.values()) {
      c.train(on);
    }
  }

  /** Registers a child under {@code name} (order is preserved). */
  protected <M extends Module> M register(String name, M child) {
    Objects.requireNonNull(child, "child");
    if (children.containsKey(name)) {
      throw new IllegalArgumentException("duplicate child module name '" + name + "'");
    }
    children.put(name, child);
    return child;
  }

  /** Direct children by name, in registration order. */
  public Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** Visits this module (name "") and all descendants with dotted names ("1", "block.sn1"), depth first. */
  public void visit(BiConsumer<String, Module> visitor) {
    visit("", visitor);
  }

  private void visit(String prefix, BiConsumer<String, Module> visitor) {
    visitor.accept(prefix, this);
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().visit(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), visitor);
    }
  }

  /** Output shape for an input of shape {@code inputShape} (default: same shape). */
  public int[] outputShape(int[] inputShape) {
    return inputShape.clone();
  }

  /** Forward pass: runs pre-forward hooks, {@link #doForward}, forward hooks. */
  public final float[] forward(float[] input, int... shape) {
    Objects.requireNonNull(input, "input");
    long numel = numel(shape);
    if (numel != input.length) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": input has " + input.length
          + " elements but shape " + java.util.Arrays.toString(shape) + " has " + numel);
    }
    if (stepMode == 'm' && shape.length < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": step_mode 'm' needs shape [T, ...]");
    }
    for (PreForwardHook h : List.copyOf(preForwardHooks)) {
      h.beforeForward(this, input, shape);
    }
    float[] out = doForward(input, shape);
    for (ForwardHook h : List.copyOf(forwardHooks)) {
      h.afterForward(this, input, shape, out);
    }
    return out;
  }

  /**
   * Backward pass of the most recent forward call not yet back-propagated: returns ∂L/∂input given ∂L/∂output and
   * accumulates parameter gradients; runs backward hooks.
   */
  public final float[] backward(float[] gradOutput) {
    float[] gradInput = doBackward(Objects.requireNonNull(gradOutput, "gradOutput"));
    for (BackwardHook h : List.copyOf(backwardHooks)) {
      h.afterBackward(this, gradInput, gradOutput);
    }
    return gradInput;
  }

  protected abstract float[] doForward(float[] input, int[] shape);

  protected abstract float[] doBackward(float[] gradOutput);

  public HookHandle addForwardHook(ForwardHook hook) {
    forwardHooks.add(Objects.requireNonNull(hook));
    return () -> forwardHooks.remove(hook);
  }

  public HookHandle addPreForwardHook(PreForwardHook hook) {
    preForwardHooks.add(Objects.requireNonNull(hook));
    return () -> preForwardHooks.remove(hook);
  }

  public HookHandle addBackwardHook(BackwardHook hook) {
    backwardHooks.add(Objects.requireNonNull(hook));
    return () -> backwardHooks.remove(hook);
  }

  /** Product of the dimensions (1 for a scalar shape). */
  public static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }
}

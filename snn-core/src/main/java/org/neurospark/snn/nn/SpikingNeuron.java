package org.neurospark.snn.nn;

import java.util.Map;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.NeuronFactory;
import org.neurospark.snn.neuron.ScalarParameter;
import org.neurospark.snn.tensor.Tensor;

/**
 * Adapts a neuron layer of {@code org.neurospark.snn.neuron} ({@link BaseNode}, fused multi-step kernels with
 * autograd through {@link BaseNode#forward(Tensor)}) to this module tree: the step mode and training flag are
 * forwarded to the node, {@link #reset()} resets its V, and learnable scalars (PLIF {@code w}, KLIF {@code k})
 * become parameters saved as 0-dim tensors like SpikingJelly's.
 */
public final class SpikingNeuron extends Module {
  private final BaseNode node;

  public SpikingNeuron(BaseNode node) {
    this.node = node;
    setOwnStepMode(node.stepMode());
    for (Map.Entry<String, ScalarParameter> e : node.parameters().entrySet()) {
      registerParameter(e.getKey(), e.getValue().tensor());
    }
  }

  /** A neuron from a SpikingJelly class name and keyword arguments ({@link NeuronFactory#create}). */
  public static SpikingNeuron of(String model, Map<String, Object> kwargs) {
    return new SpikingNeuron(NeuronFactory.create(model, kwargs));
  }

  /** The wrapped neuron layer. */
  public BaseNode node() {
    return node;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (node.stepMode() != stepMode()) {
      node.setStepMode(stepMode());
    }
    if (node.isTraining() != isTraining()) {
      node.train(isTraining());
    }
    return node.forward(x);
  }

  @Override
  protected boolean convertsParameters() {
    return false;
  }

  @Override
  protected void resetState() {
    node.reset();
  }

  @Override
  protected void detachState() {
    node.detach();
  }

  @Override
  protected void applyThreads(int threads) {
    node.setThreads(threads);
  }

  @Override
  protected void saveOwn(String prefix, SafeTensors st) {
    for (Map.Entry<String, Tensor> e : ownParameters().entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Tensor t = e.getValue();
      StEntry full = StEntry.of(t.detach());
      st.put(key, t.numel() == 1 ? full.withShape() : full);
    }
  }

  @Override
  public String toString() {
    return node.toString();
  }
}

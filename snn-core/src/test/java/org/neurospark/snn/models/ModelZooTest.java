package org.neurospark.snn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StDType;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

class ModelZooTest {
  @TempDir
  Path dir;

  @Test
  void csnnFmnistStateDictNamesAndShapes() {
    Module m = ModelZoo.create("csnn-fmnist", 4, null, 1);
    SafeTensors st = m.stateDict();
    List<String> keys = new ArrayList<>(st.entries().keySet());
    assertEquals(List.of("conv_fc.0.weight", "conv_fc.1.weight", "conv_fc.1.bias", "conv_fc.1.running_mean",
        "conv_fc.1.running_var", "conv_fc.1.num_batches_tracked", "conv_fc.4.weight", "conv_fc.5.weight",
        "conv_fc.5.bias", "conv_fc.5.running_mean", "conv_fc.5.running_var", "conv_fc.5.num_batches_tracked",
        "conv_fc.9.weight", "conv_fc.11.weight"), keys);
    assertArrayEquals(new long[] {64, 196}, st.get("conv_fc.9.weight").shape());
    assertArrayEquals(new long[] {10, 64}, st.get("conv_fc.11.weight").shape());
    assertEquals(StDType.I64, st.get("conv_fc.1.num_batches_tracked").dtype());
    assertEquals(0, st.get("conv_fc.1.num_batches_tracked").shape().length);
    Tensor y = m.forward(Tensor.zeros(2, 3, 1, 28, 28));
    assertArrayEquals(new int[] {2, 3, 10}, y.shape());
  }

  @Test
  void plifNetsHaveVotingOutputsAndScalarW() {
    Module m = ModelZoo.create("plif-fmnist", 4, null, 1);
    SafeTensors st = m.stateDict();
    assertEquals(0, st.get("conv_fc.2.w").shape().length, "PLIF w is a 0-dim parameter like SpikingJelly's");
    assertArrayEquals(new long[] {2048, 196}, st.get("conv_fc.10.weight").shape());
    assertArrayEquals(new long[] {100, 2048}, st.get("conv_fc.13.weight").shape());
    assertArrayEquals(new int[] {2, 1, 10}, m.forward(Tensor.zeros(2, 1, 1, 28, 28)).shape());
    Module n = ModelZoo.create("plif-nmnist", 2, null, 1);
    assertArrayEquals(new long[] {2048, 128}, n.stateDict().get("conv_fc.10.weight").shape());
    assertArrayEquals(new int[] {1, 1, 10}, n.forward(Tensor.zeros(1, 1, 2, 34, 34)).shape());
    Module g = ModelZoo.create("plif-dvsgesture", 2, null, 1);
    assertArrayEquals(new long[] {512, 32}, g.stateDict().get("conv_fc.22.weight").shape());
    assertArrayEquals(new int[] {1, 1, 11}, g.forward(Tensor.zeros(1, 1, 2, 128, 128)).shape());
    Module c = ModelZoo.create("plif-cifar10dvs", 2, null, 1);
    assertArrayEquals(new long[] {512, 128}, c.stateDict().get("conv_fc.18.weight").shape());
    Module cf = ModelZoo.create("plif-cifar10", 2, null, 1);
    assertArrayEquals(new long[] {2048, 128}, cf.stateDict().get("conv_fc.22.weight").shape());
    assertThrows(IllegalArgumentException.class, () -> ModelZoo.create("nope", 1, null, 1));
  }

  @Test
  void sewResNetNamesAndConnectFunctions() {
    SewResNet r = SewResNet.sewResNet18(3, 10, true, SewResNet.Connect.ADD, NeuronChoice.parse("IF"), new Rng(1));
    SafeTensors st = r.stateDict();
    for (String k : new String[] {"conv1.weight", "bn1.running_var", "layer1.0.conv1.weight", "layer1.1.bn2.bias",
        "layer2.0.downsample.0.weight", "layer2.0.downsample.1.num_batches_tracked", "layer4.1.conv2.weight",
        "fc.weight", "fc.bias"}) {
      assertTrue(st.contains(k), k);
    }
    assertArrayEquals(new long[] {512, 256, 3, 3}, st.get("layer4.0.conv1.weight").shape());
    assertArrayEquals(new int[] {2, 1, 10}, r.forward(Tensor.zeros(2, 1, 3, 16, 16)).shape());
    for (SewResNet.Connect c : SewResNet.Connect.values()) {
      SewResNet s = new SewResNet(new int[] {1, 1, 1, 1}, 2, 5, 4, true, c, NeuronChoice.parse("LIF"), new Rng(2));
      assertArrayEquals(new int[] {3, 2, 5}, s.forward(Init.rand(new Rng(3), 3, 2, 2, 8, 8)).shape());
    }
  }

  /** Train a step, save, load into a differently initialised model: identical outputs in train and eval mode. */
  @Test
  void saveAndReloadGivesIdenticalOutputs() throws Exception {
    for (String name : new String[] {"csnn-fmnist", "plif-mnist"}) {
      Module a = ModelZoo.create(name, 3, null, 1);
      Tensor x = Init.rand(new Rng(4), 2, 4, 1, 28, 28);
      Adam opt = Adam.adam(a.namedParameters(), 0.05);
      a.reseed(9);
      Losses.mseRate(a.forward(x), new int[] {1, 2, 3, 4}).backward();
      opt.step();
      a.reset();
      Path f = dir.resolve(name + ".safetensors");
      a.stateDict().write(f);
      Module b = ModelZoo.create(name, 3, null, 77);
      b.loadStateDict(SafeTensors.read(f), true);
      a.eval();
      b.eval();
      assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray(), 0f, name + " eval");
      a.reset();
      b.reset();
      a.train(true);
      b.train(true);
      a.reseed(5);
      b.reseed(5);
      assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray(), 0f, name + " train");
      SafeTensors other = ModelZoo.create(name, 4, null, 1).stateDict();
      assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(other, true));
    }
  }
}

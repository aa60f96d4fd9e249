package org.neurospark.snn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

class SewResNetTest {
  private static final NeuronChoice IF = NeuronChoice.parse("IF");

  private static Tensor spikes(long seed, int... shape) {
    return Init.rand(new Rng(seed), shape).gt(0.5);
  }

  private static void assertShape(SafeTensors st, String key, long... shape) {
    assertTrue(st.contains(key), key);
    assertArrayEquals(shape, st.get(key).shape(), key);
  }

  /**
   * sew_resnet50 at full width with the small stem and 10 classes has torchvision ResNet-50's parameters except
   * the stem and the fc: torchvision resnet50 has 25,557,032 parameters with conv1 64·3·7·7 = 9,408 and fc
   * 2048·1000 + 1000 = 2,049,000; the 3×3 stem has 64·3·3·3 = 1,728 and fc 2048·10 + 10 = 20,490, so
   * 25,557,032 − 9,408 + 1,728 − 2,049,000 + 20,490 = 23,520,842. The same count stage by stage (bottleneck with
   * planes p, width w = p, input i: i·w + 9·w² + 4·w² convs, 2·w + 2·w + 8·w BN; downsample i·4w + 8w):
   * stem 1,728 + 128; layer1 215,808 (incl. downsample 16,896); layer2 1,219,584; layer3 7,098,368;
   * layer4 14,964,736; fc 20,490.
   */
  @Test
  void sewResNet50NamesShapesAndParameterCount() {
    Module m = ModelZoo.create("sew-resnet50", 0, null, 1);
    assertEquals(23_520_842L, m.parameterCount());
    assertEquals(1_728 + 128 + 215_808 + 1_219_584 + 7_098_368 + 14_964_736 + 20_490, m.parameterCount());
    SafeTensors st = m.stateDict();
    assertShape(st, "conv1.weight", 64, 3, 3, 3);
    assertShape(st, "layer1.0.conv1.weight", 64, 64, 1, 1);
    assertShape(st, "layer1.0.conv2.weight", 64, 64, 3, 3);
    assertShape(st, "layer1.0.conv3.weight", 256, 64, 1, 1);
    assertShape(st, "layer1.0.bn3.running_var", 256);
    assertShape(st, "layer1.0.downsample.0.weight", 256, 64, 1, 1);
    assertShape(st, "layer1.0.downsample.1.weight", 256);
    assertShape(st, "layer1.2.conv1.weight", 64, 256, 1, 1);
    assertShape(st, "layer2.0.conv1.weight", 128, 256, 1, 1);
    assertShape(st, "layer2.0.conv2.weight", 128, 128, 3, 3);
    assertShape(st, "layer2.0.downsample.0.weight", 512, 256, 1, 1);
    assertShape(st, "layer3.5.conv3.weight", 1024, 256, 1, 1);
    assertShape(st, "layer4.0.downsample.0.weight", 2048, 1024, 1, 1);
    assertShape(st, "layer4.2.bn3.num_batches_tracked");
    assertShape(st, "fc.weight", 10, 2048);
    assertShape(st, "fc.bias", 10);
    assertFalse(st.contains("layer1.1.downsample.0.weight"), "only the first block of a stage downsamples");
    assertFalse(st.contains("layer3.6.conv1.weight"), "layer3 has 6 blocks");
    assertFalse(st.contains("maxpool"), "small stem has no max pooling");
    // torchvision's order inside a bottleneck
    List<String> block = new ArrayList<>();
    for (String k : st.entries().keySet()) {
      if (k.startsWith("layer1.0.")) {
        block.add(k.substring("layer1.0.".length()));
      }
    }
    List<String> expected = new ArrayList<>();
    for (String p : new String[] {"conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "downsample.0", "downsample.1"}) {
      expected.add(p + ".weight");
      if (!p.startsWith("conv") && !p.equals("downsample.0")) {
        expected.addAll(List.of(p + ".bias", p + ".running_mean", p + ".running_var", p + ".num_batches_tracked"));
      }
    }
    assertEquals(expected, block);
    // kaiming normal, fan_out: std sqrt(2 / (256·1·1)) for conv3 of layer1.0 (16,384 samples)
    float[] w = m.namedParameters().get("layer1.0.conv3.weight").toFloatArray();
    double ss = 0;
    for (float v : w) {
      ss += v * (double) v;
    }
    assertEquals(Math.sqrt(2.0 / 256), Math.sqrt(ss / w.length), 0.003);
  }

  @Test
  void zooNamesSpecsAndArchitectures() {
    String[] sew = {"sew-resnet18", "sew-resnet34", "sew-resnet50", "sew-resnet101", "sew-resnet152",
        "sew-resnext50-32x4d", "sew-resnext101-32x8d", "sew-wide-resnet50-2", "sew-wide-resnet101-2"};
    assertTrue(ModelZoo.names().containsAll(List.of(sew)));
    for (String n : sew) {
      assertEquals(new ModelZoo.InputSpec(3, 32, 32, 10), ModelZoo.inputSpec(n), n);
      assertEquals(n, SewResNet.Arch.byZooName(n.toUpperCase(java.util.Locale.ROOT)).zooName());
    }
    assertEquals(SewResNet.Arch.values().length, sew.length);
    assertNull(SewResNet.Arch.byZooName("sew-resnet20"));
    assertThrows(IllegalArgumentException.class, () -> ModelZoo.inputSpec("sew-resnet20"));
    int[][] blocks = {{2, 2, 2, 2}, {3, 4, 6, 3}, {3, 4, 6, 3}, {3, 4, 23, 3}, {3, 8, 36, 3}, {3, 4, 6, 3},
        {3, 4, 23, 3}, {3, 4, 6, 3}, {3, 4, 23, 3}};
    int[][] gw = {{1, 64}, {1, 64}, {1, 64}, {1, 64}, {1, 64}, {32, 4}, {32, 8}, {1, 128}, {1, 128}};
    for (int i = 0; i < sew.length; i++) {
      SewResNet.Arch a = SewResNet.Arch.byZooName(sew[i]);
      assertArrayEquals(blocks[i], a.blocks(), sew[i]);
      assertEquals(gw[i][0], a.groups(), sew[i]);
      assertEquals(gw[i][1], a.widthPerGroup(), sew[i]);
      assertSame(i < 2 ? SewResNet.BlockType.BASIC : SewResNet.BlockType.BOTTLENECK, a.block(), sew[i]);
    }
  }

  /** Parameter counts at full width: torchvision's resnet18/34 and resnext50_32x4d with the small stem, fc → 10. */
  @Test
  void fullWidthParameterCounts() {
    // torchvision: resnet18 11,689,512; resnet34 21,797,672; resnext50_32x4d 25,028,904 (all with the 7×7 stem and
    // fc → 1000). The 3×3 stem saves 9,408 − 1,728 = 7,680; fc → 10 saves 512·1000 + 1000 − (512·10 + 10) = 507,870
    // in the basic nets and 2,049,000 − 20,490 = 2,028,510 in the bottleneck nets.
    assertEquals(11_689_512L - 7_680 - 507_870, ModelZoo.create("sew-resnet18", 0, null, 1).parameterCount());
    assertEquals(21_797_672L - 7_680 - 507_870, ModelZoo.create("sew-resnet34", 0, null, 1).parameterCount());
    Module x = ModelZoo.create("sew-resnext50-32x4d", 0, null, 1);
    assertEquals(25_028_904L - 7_680 - 2_028_510, x.parameterCount());
    SafeTensors st = x.stateDict();
    // width = planes·(4/64)·32 = 2·planes; grouped 3×3 weight [width, width/32, 3, 3]
    assertShape(st, "layer1.0.conv1.weight", 128, 64, 1, 1);
    assertShape(st, "layer1.0.conv2.weight", 128, 4, 3, 3);
    assertShape(st, "layer1.0.conv3.weight", 256, 128, 1, 1);
    assertShape(st, "layer4.2.conv2.weight", 1024, 32, 3, 3);
    assertShape(st, "fc.weight", 10, 2048);
  }

  /** The deep and wide variants at a slim base width: same stage structure, widths and grouped shapes. */
  @Test
  void deepAndWideStructures() {
    Rng rng = new Rng(3);
    SewResNet r152 = SewResNet.Arch.SEW_RESNET152.build(3, 10, 4, true, false, SewResNet.Connect.ADD, IF, rng);
    int[] expect = {3, 8, 36, 3};
    for (int s = 0; s < 4; s++) {
      assertEquals(expect[s], ((Sequential) r152.child("layer" + (s + 1))).size());
    }
    SafeTensors st = r152.stateDict();
    assertShape(st, "layer3.35.conv3.weight", 64, 16, 1, 1);
    assertShape(st, "fc.weight", 10, 128);
    SafeTensors x101 = SewResNet.Arch.SEW_RESNEXT101_32X8D.build(3, 10, 8, true, false, SewResNet.Connect.ADD, IF,
        rng).stateDict();
    // planes 8: width = 8·(8/64)·32 = 32, one channel per group
    assertShape(x101, "layer1.0.conv2.weight", 32, 1, 3, 3);
    assertShape(x101, "layer3.22.conv2.weight", 128, 4, 3, 3);
    assertShape(x101, "layer3.22.conv3.weight", 128, 128, 1, 1);
    SafeTensors w101 = SewResNet.Arch.SEW_WIDE_RESNET101_2.build(3, 10, 8, true, false, SewResNet.Connect.ADD, IF,
        rng).stateDict();
    // wide: width = 2·planes, output still 4·planes
    assertShape(w101, "layer1.0.conv2.weight", 16, 16, 3, 3);
    assertShape(w101, "layer1.0.conv3.weight", 32, 16, 1, 1);
    assertShape(w101, "layer3.22.conv1.weight", 64, 128, 1, 1);
    SafeTensors w50 = SewResNet.Arch.SEW_WIDE_RESNET50_2.build(3, 10, 8, false, false, SewResNet.Connect.ADD, IF,
        rng).stateDict();
    assertShape(w50, "conv1.weight", 8, 3, 7, 7);
    assertFalse(w50.contains("layer3.6.conv1.weight"));
    SafeTensors r101 = SewResNet.Arch.SEW_RESNET101.build(2, 11, 8, true, false, SewResNet.Connect.ADD, IF, rng)
        .stateDict();
    assertShape(r101, "conv1.weight", 8, 2, 3, 3);
    assertShape(r101, "layer3.22.conv2.weight", 32, 32, 3, 3);
    assertShape(r101, "fc.weight", 11, 256);
    // resnext at a width too slim for its groups: planes·4/64 rounds to 0
    assertThrows(IllegalArgumentException.class, () -> SewResNet.Arch.SEW_RESNEXT50_32X4D.build(3, 10, 8, true,
        false, SewResNet.Connect.ADD, IF, rng));
    assertThrows(IllegalArgumentException.class, () -> new SewResNet(SewResNet.BlockType.BASIC,
        new int[] {1, 1, 1, 1}, 32, 4, 3, 10, 8, true, false, SewResNet.Connect.ADD, IF, rng));
    assertThrows(IllegalArgumentException.class, () -> new SewResNet(SewResNet.BlockType.BOTTLENECK,
        new int[] {1, 1, 1}, 1, 64, 3, 10, 8, true, false, SewResNet.Connect.ADD, IF, rng));
  }

  /** The bottleneck's 3×3 convolution is grouped: an input channel reaches only the outputs of its own group. */
  @Test
  void groupedConvolutionSeparatesGroups() {
    // planes 16, width_per_group 16, groups 4: width 16·(16/64)·4 = 16 channels, 4 per group
    SewResNet.Bottleneck b = new SewResNet.Bottleneck(64, 16, 1, false, 4, 16, SewResNet.Connect.ADD, IF,
        new Rng(13));
    b.setStepMode('m');
    Module conv2 = b.child("conv2");
    assertArrayEquals(new int[] {16, 4, 3, 3}, conv2.namedParameters().get("weight").shape());
    float[] a = Init.rand(new Rng(14), 1 * 1 * 16 * 5 * 5).toFloatArray();
    float[] c = a.clone();
    for (int i = 0; i < 25; i++) {
      c[5 * 25 + i] += 1; // channel 5 lies in group 1 (channels 4..7)
    }
    float[] ya = conv2.forward(Tensor.fromArray(a, 1, 1, 16, 5, 5)).toFloatArray();
    float[] yc = conv2.forward(Tensor.fromArray(c, 1, 1, 16, 5, 5)).toFloatArray();
    for (int ch = 0; ch < 16; ch++) {
      boolean changed = false;
      for (int i = 0; i < 25; i++) {
        changed |= ya[ch * 25 + i] != yc[ch * 25 + i];
      }
      assertEquals(ch >= 4 && ch < 8, changed, "output channel " + ch);
    }
  }

  /** A small bottleneck net trains: output [T, N, classes] and a gradient on every parameter. */
  @Test
  void bottleneckForwardBackward() {
    for (int groups : new int[] {1, 4}) {
      SewResNet net = new SewResNet(SewResNet.BlockType.BOTTLENECK, new int[] {1, 1, 1, 1}, groups, 64 / groups * 2,
          3, 5, 8, true, false, SewResNet.Connect.ADD, NeuronChoice.parse("LIF:detach"), new Rng(5));
      Tensor x = Init.rand(new Rng(6), 2, 2, 3, 16, 16);
      Tensor y = net.forward(x);
      assertArrayEquals(new int[] {2, 2, 5}, y.shape());
      Losses.crossEntropyRate(y, new int[] {1, 3}).backward();
      Map<String, Tensor> params = net.namedParameters();
      // stem conv + bn (3), 4 blocks × (3 convs + 3 BNs × 2 + downsample conv + BN × 2), fc weight + bias
      assertEquals(3 + 4 * 12 + 2, params.size());
      for (Map.Entry<String, Tensor> e : params.entrySet()) {
        Tensor g = e.getValue().grad();
        assertNotNull(g, e.getKey());
        assertArrayEquals(e.getValue().shape(), g.shape(), e.getKey());
        boolean nonZero = false;
        for (float v : g.toFloatArray()) {
          assertTrue(Float.isFinite(v), e.getKey());
          nonZero |= v != 0;
        }
        assertTrue(nonZero, "zero gradient for " + e.getKey() + " (groups " + groups + ")");
      }
    }
  }

  /**
   * Connect functions on a bottleneck, with and without downsampling: SpikingJelly calls
   * {@code sew_function(out, identity)} in a bottleneck, so IAND is out·(1 − identity).
   */
  @Test
  void bottleneckConnectFunctions() {
    for (boolean down : new boolean[] {false, true}) {
      int inplanes = down ? 8 : 16;
      for (SewResNet.Connect cnf : SewResNet.Connect.values()) {
        SewResNet.Bottleneck b = new SewResNet.Bottleneck(inplanes, 4, down ? 2 : 1, down, 1, 64, cnf, IF,
            new Rng(7));
        b.setStepMode('m');
        Tensor[] out = new Tensor[1];
        Tensor[] identity = new Tensor[1];
        b.child("sn3").addForwardHook((m, in, o) -> out[0] = o);
        Tensor x = spikes(8, 2, 2, inplanes, 6, 6);
        if (down) {
          b.child("downsample_sn").addForwardHook((m, in, o) -> identity[0] = o);
        } else {
          identity[0] = x;
        }
        float[] y = b.forward(x).toFloatArray();
        float[] o = out[0].toFloatArray();
        float[] id = identity[0].toFloatArray();
        assertEquals(2 * 2 * 16 * (down ? 3 : 6) * (down ? 3 : 6), y.length);
        int diffFromBasicOrder = 0;
        int outSpikes = 0;
        for (int i = 0; i < y.length; i++) {
          float e;
          switch (cnf) {
            case ADD:
              e = o[i] + id[i];
              break;
            case AND:
              e = o[i] * id[i];
              break;
            default:
              e = o[i] * (1 - id[i]);
              if (e != id[i] * (1 - o[i])) {
                diffFromBasicOrder++;
              }
          }
          assertEquals(e, y[i], 0f, cnf + " down=" + down + " at " + i);
          outSpikes += o[i] != 0 ? 1 : 0;
        }
        assertTrue(outSpikes > 0 && outSpikes < y.length, "residual branch spikes: " + outSpikes);
        if (cnf == SewResNet.Connect.IAND) {
          assertTrue(diffFromBasicOrder > 0, "the test input must tell the two IAND orders apart");
        }
      }
    }
  }

  /** Basic blocks keep SpikingJelly's {@code sew_function(identity, out)}: IAND is identity·(1 − out). */
  @Test
  void basicBlockIandOrder() {
    SewResNet.BasicBlock b = new SewResNet.BasicBlock(8, 8, 1, false, SewResNet.Connect.IAND, IF, new Rng(9));
    b.setStepMode('m');
    Tensor[] out = new Tensor[1];
    b.child("sn2").addForwardHook((m, in, o) -> out[0] = o);
    Tensor x = spikes(10, 2, 1, 8, 5, 5);
    float[] y = b.forward(x).toFloatArray();
    float[] o = out[0].toFloatArray();
    float[] id = x.toFloatArray();
    for (int i = 0; i < y.length; i++) {
      assertEquals(id[i] * (1 - o[i]), y[i], 0f);
    }
  }

  /** zero_init_residual: last BN weight of every block is 0, so an ADD block without downsample is the identity. */
  @Test
  void zeroInitResidual() {
    SewResNet net = new SewResNet(SewResNet.BlockType.BOTTLENECK, new int[] {2, 1, 1, 1}, 1, 64, 3, 10, 4, true,
        true, SewResNet.Connect.ADD, IF, new Rng(11));
    Map<String, Tensor> p = net.namedParameters();
    int zeroed = 0;
    for (Map.Entry<String, Tensor> e : p.entrySet()) {
      boolean last = e.getKey().endsWith(".bn3.weight");
      for (float v : e.getValue().toFloatArray()) {
        if (last) {
          assertEquals(0f, v, e.getKey());
        } else if (e.getKey().contains("bn") && e.getKey().endsWith(".weight")) {
          assertEquals(1f, v, e.getKey());
        }
      }
      zeroed += last ? 1 : 0;
    }
    assertEquals(5, zeroed);
    Module block = ((Sequential) net.child("layer1")).get(1);
    Tensor x = spikes(12, 2, 1, 16, 4, 4);
    assertArrayEquals(x.toFloatArray(), block.forward(x).toFloatArray(), 0f);
    SewResNet basic = new SewResNet(SewResNet.BlockType.BASIC, new int[] {1, 1, 1, 1}, 1, 64, 3, 10, 4, true, true,
        SewResNet.Connect.ADD, IF, new Rng(11));
    for (Map.Entry<String, Tensor> e : basic.namedParameters().entrySet()) {
      if (e.getKey().endsWith(".bn2.weight")) {
        for (float v : e.getValue().toFloatArray()) {
          assertEquals(0f, v, e.getKey());
        }
      }
    }
  }
}

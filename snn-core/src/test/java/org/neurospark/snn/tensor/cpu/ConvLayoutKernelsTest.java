package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.ConvParams;

/** The flat-copy im2col / col2im paths for "same width" stride-1 convolutions against the generic row loops. */
class ConvLayoutKernelsTest {
  /** Random geometries with wo == w (odd kernel width, padding (kw-1)/2), odd sizes, row dilation and padding. */
  private static int[][] geometries() {
    SplittableRandom r = new SplittableRandom(21);
    int[][] g = new int[40][];
    for (int i = 0; i < g.length; i++) {
      int kw = 1 + 2 * r.nextInt(3);
      int w = Math.max(1, (kw - 1) / 2 + 1 + r.nextInt(9)); // pad < w
      int h = 1 + r.nextInt(9);
      int kh = 1 + r.nextInt(4);
      int padH = r.nextInt(3);
      int dilH = 1 + r.nextInt(2);
      int cn = 1 + r.nextInt(3);
      g[i] = new int[] {h, w, kh, kw, padH, dilH, cn};
    }
    g[0] = new int[] {14, 14, 3, 3, 1, 1, 2};
    g[1] = new int[] {28, 28, 3, 3, 1, 1, 1};
    g[2] = new int[] {1, 1, 1, 1, 0, 1, 1};
    g[3] = new int[] {2, 3, 5, 3, 3, 1, 2};
    return g;
  }

  private static ConvParams params(int[] g) {
    return new ConvParams(1, 1, g[4], (g[3] - 1) / 2, g[5], 1, 1);
  }

  @Test
  void im2colFlatCopyEqualsGenericLoopBothDtypes() {
    SplittableRandom r = new SplittableRandom(3);
    for (int[] g : geometries()) {
      int h = g[0], w = g[1], kh = g[2], kw = g[3], cn = g[6];
      ConvParams p = params(g);
      if (h + 2 * p.padH() - p.dilationH() * (kh - 1) <= 0) {
        continue; // empty output
      }
      int ho = ConvParams.outSize(h, kh, 1, p.padH(), p.dilationH());
      assertTrue(KernelsF.rowShift(p, w, w));
      int xoff = 3;
      float[] x = new float[xoff + cn * h * w + 2];
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() - 0.5);
        xd[i] = x[i];
      }
      int hw = ho * w;
      int ld = 3 * hw + 1; // the image as the middle block of a wider col matrix
      int coff = hw + 1;
      int rows = cn * kh * kw;
      float[] a = new float[rows * ld + 1];
      float[] b = new float[a.length];
      java.util.Arrays.fill(a, 7);
      java.util.Arrays.fill(b, 7);
      KernelsF.im2colShift(x, xoff, h, w, cn, kh, kw, p, ho, a, coff, ld);
      KernelsF.im2colGeneric(x, xoff, h, w, cn, kh, kw, p, ho, w, b, coff, ld);
      assertArrayEquals(b, a, java.util.Arrays.toString(g));
      double[] ad = new double[a.length];
      double[] bd = new double[a.length];
      KernelsD.im2colShift(xd, xoff, h, w, cn, kh, kw, p, ho, ad, coff, ld);
      KernelsD.im2colGeneric(xd, xoff, h, w, cn, kh, kw, p, ho, w, bd, coff, ld);
      assertArrayEquals(bd, ad, java.util.Arrays.toString(g));
    }
  }

  @Test
  void im2colAtTheStartAndEndOfTheArrayStaysInBounds() {
    // the image fills the whole array: a flat copy shifted by -1 / +1 must not read before 0 or past the end
    int h = 5, w = 4;
    ConvParams p = new ConvParams(1, 1, 1, 1, 1, 1, 1);
    float[] x = new float[h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    float[] a = new float[9 * h * w];
    float[] b = new float[a.length];
    KernelsF.im2colShift(x, 0, h, w, 1, 3, 3, p, h, a, 0, h * w);
    KernelsF.im2colGeneric(x, 0, h, w, 1, 3, 3, p, h, w, b, 0, h * w);
    assertArrayEquals(b, a);
  }

  @Test
  void col2imMaskedVectorAddEqualsGenericLoopAndStaysInItsImage() {
    SplittableRandom r = new SplittableRandom(5);
    for (int[] g : geometries()) {
      int h = g[0], w = g[1], kh = g[2], kw = g[3], cn = g[6];
      ConvParams p = params(g);
      if (h + 2 * p.padH() - p.dilationH() * (kh - 1) <= 0) {
        continue;
      }
      int ho = ConvParams.outSize(h, kh, 1, p.padH(), p.dilationH());
      int hw = ho * w;
      int ld = 2 * hw + 3;
      int coff = hw + 3;
      float[] col = new float[cn * kh * kw * ld];
      double[] cold = new double[col.length];
      for (int i = 0; i < col.length; i++) {
        col[i] = (float) (r.nextDouble() - 0.5);
        cold[i] = col[i];
      }
      int img = cn * h * w;
      // the image at the very start, in the middle and at the very end of gx, neighbours on both sides
      for (int gxoff : new int[] {0, img, 2 * img}) {
        float[] a = new float[3 * img];
        double[] ad = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) (r.nextDouble() - 0.5);
          ad[i] = a[i];
        }
        float[] b = a.clone();
        double[] bd = ad.clone();
        VectorOps.col2imShift(col, coff, ld, cn, kh, kw, p, ho, a, gxoff, h, w);
        KernelsF.col2imGeneric(col, coff, ld, cn, kh, kw, p, ho, w, b, gxoff, h, w);
        assertArrayEquals(b, a, java.util.Arrays.toString(g) + " at " + gxoff);
        VectorOps.col2imShift(cold, coff, ld, cn, kh, kw, p, ho, ad, gxoff, h, w);
        KernelsD.col2imGeneric(cold, coff, ld, cn, kh, kw, p, ho, w, bd, gxoff, h, w);
        assertArrayEquals(bd, ad, java.util.Arrays.toString(g) + " at " + gxoff);
      }
    }
  }
}

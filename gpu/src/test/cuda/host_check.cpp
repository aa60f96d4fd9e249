// Host driver for HostMathTest: compiles gpu/src/main/cuda/ns_math.cuh (the __host__ __device__ per-element math of
// the kernels) with g++ -ffp-contract=off and evaluates it on inputs read from stdin, one command per line, floats
// as IEEE bit patterns in hex. Output: one line per command, hex bit patterns.
//   philox C0 C1 C2 C3 K0 K1          -> 4 words
//   dropout SEED OFFSET I             -> uniform (float bits)
//   adamf <11 prepared scalars as in ns_adam_f: 8 float bits, 3 ints> G P M V VMAX -> P M V VMAX
//   adamd <lr b1 b2 eps wd stepSize bc2Sqrt as double bits> DECOUPLED AMSGRAD G P M V VMAX -> P M V VMAX
//   sgdf LR WD MU DAMP DECAY MOM NESTEROV FIRST G P BUF -> P BUF
//   bngrad SG SGX W INVSTD COUNT (double bits) G X MEAN (float bits) -> GX (float bits)
//   unaryf OP P X / binaryf OP X Y (op ordinals, float bits) -> result bits
//   im2col|col2im C H W KH KW SH SW PH PW DH DW HO WO NB  N x1..xN  -> col (resp. gx) values
//   maxpool|avgpool|avgpoolbwd H W HO WO KH KW SH SW PH PW PLANES  N x1..xN -> [argmax...] values
//   adaptive|adaptivebwd H W HO WO PLANES  N x1..xN -> values
//   (all integers in hex)
//   layout -> sizeof of ns_adam_f ns_adam_d ns_sgd_f ns_sgd_d
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <string>
#include <iostream>
#include <vector>
#include <sstream>
#include "ns_math.cuh"

static float f_of(uint32_t b) { float f; std::memcpy(&f, &b, 4); return f; }
static uint32_t b_of(float f) { uint32_t b; std::memcpy(&b, &f, 4); return b; }
static double d_of(uint64_t b) { double d; std::memcpy(&d, &b, 8); return d; }
static uint64_t b_of(double d) { uint64_t b; std::memcpy(&b, &d, 8); return b; }

static std::vector<float> read_floats(std::istringstream& in) {
  long long n;
  in >> n;
  std::vector<float> v((size_t) n);
  for (long long i = 0; i < n; i++) {
    uint32_t b;
    in >> b;
    v[(size_t) i] = f_of(b);
  }
  return v;
}

static void print_floats(const std::vector<float>& v) {
  for (size_t i = 0; i < v.size(); i++) std::printf(i ? " %x" : "%x", b_of(v[i]));
  std::printf("\n");
}

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd >> std::hex;
    if (cmd == "philox") {
      ns_u32x4 c;
      uint32_t k0, k1;
      in >> c.v[0] >> c.v[1] >> c.v[2] >> c.v[3] >> k0 >> k1;
      ns_u32x4 r = ns_philox4x32_10(c, k0, k1);
      std::printf("%x %x %x %x\n", r.v[0], r.v[1], r.v[2], r.v[3]);
    } else if (cmd == "dropout") {
      unsigned long long seed, off, i;
      in >> seed >> off >> i;
      std::printf("%x\n", b_of(ns_dropout_uniform(seed, off, i)));
    } else if (cmd == "adamf") {
      uint32_t w[8];
      ns_adam_f h;
      for (int k = 0; k < 8; k++) in >> w[k];
      h.stepSize = f_of(w[0]); h.bc2Sqrt = f_of(w[1]); h.decay = f_of(w[2]); h.wd = f_of(w[3]);
      h.w1 = f_of(w[4]); h.b2 = f_of(w[5]); h.w2 = f_of(w[6]); h.eps = f_of(w[7]);
      in >> h.hasDecay >> h.decoupled >> h.amsgrad;
      uint32_t g, p, m, v, x;
      in >> g >> p >> m >> v >> x;
      float P = f_of(p), M = f_of(m), V = f_of(v), X = f_of(x);
      ns_adam_step_f(&h, f_of(g), &P, &M, &V, h.amsgrad ? &X : nullptr);
      std::printf("%x %x %x %x\n", b_of(P), b_of(M), b_of(V), b_of(X));
    } else if (cmd == "adamd") {
      uint64_t w[7];
      ns_adam_d h;
      for (int k = 0; k < 7; k++) in >> w[k];
      h.lr = d_of(w[0]); h.beta1 = d_of(w[1]); h.beta2 = d_of(w[2]); h.eps = d_of(w[3]); h.wd = d_of(w[4]);
      h.stepSize = d_of(w[5]); h.bc2Sqrt = d_of(w[6]);
      in >> h.decoupled >> h.amsgrad;
      uint64_t g, p, m, v, x;
      in >> g >> p >> m >> v >> x;
      double P = d_of(p), M = d_of(m), V = d_of(v), X = d_of(x);
      ns_adam_step_d(&h, d_of(g), &P, &M, &V, h.amsgrad ? &X : nullptr);
      std::printf("%llx %llx %llx %llx\n", (unsigned long long) b_of(P), (unsigned long long) b_of(M),
          (unsigned long long) b_of(V), (unsigned long long) b_of(X));
    } else if (cmd == "sgdf") {
      uint32_t w[4];
      ns_sgd_f h;
      for (int k = 0; k < 4; k++) in >> w[k];
      h.lr = f_of(w[0]); h.wd = f_of(w[1]); h.mu = f_of(w[2]); h.damp = f_of(w[3]);
      in >> h.decay >> h.mom >> h.nesterov >> h.first;
      uint32_t g, p, b;
      in >> g >> p >> b;
      float P = f_of(p), B = f_of(b);
      ns_sgd_step_f(&h, f_of(g), &P, &B);
      std::printf("%x %x\n", b_of(P), b_of(B));
    } else if (cmd == "bngrad") {
      uint64_t sg, sgx, w, is, cnt;
      uint32_t g, x, mean;
      in >> sg >> sgx >> w >> is >> cnt >> g >> x >> mean;
      float k, meanG, coef;
      ns_bn_grad_factors_f(d_of(sg), d_of(sgx), d_of(w), d_of(is), d_of(cnt), &k, &meanG, &coef);
      std::printf("%x\n", b_of(ns_bn_grad_x_f(k, f_of(g), meanG, f_of(x), f_of(mean), coef)));
    } else if (cmd == "unaryf") {
      int op;
      uint32_t pb, xb;
      in >> op >> pb >> xb;
      std::printf("%x\n", b_of(ns_unary<float>(op, f_of(pb), f_of(xb))));
    } else if (cmd == "binaryf") {
      int op;
      uint32_t xb, yb;
      in >> op >> xb >> yb;
      std::printf("%x\n", b_of(ns_binary<float>(op, f_of(xb), f_of(yb))));
    } else if (cmd == "im2col" || cmd == "col2im") {
      ConvGeom g;
      in >> g.c >> g.h >> g.w >> g.kh >> g.kw >> g.sh >> g.sw >> g.ph >> g.pw >> g.dh >> g.dw >> g.ho >> g.wo >> g.nb;
      std::vector<float> src = read_floats(in);
      bool fwd = cmd == "im2col";
      long long n = fwd ? (long long) g.c * g.kh * g.kw * g.ho * g.wo * g.nb : (long long) g.nb * g.c * g.h * g.w;
      std::vector<float> out((size_t) n);
      for (long long i = 0; i < n; i++) {
        out[(size_t) i] = fwd ? ns_im2col_value<float>(src.data(), g, i) : ns_col2im_value<float>(src.data(), g, i);
      }
      print_floats(out);
    } else if (cmd == "maxpool" || cmd == "avgpool" || cmd == "avgpoolbwd") {
      PoolGeom p;
      long long planes;
      in >> p.h >> p.w >> p.ho >> p.wo >> p.kh >> p.kw >> p.sh >> p.sw >> p.ph >> p.pw >> planes;
      std::vector<float> src = read_floats(in);
      long long n = planes * (cmd == "avgpoolbwd" ? (long long) p.h * p.w : (long long) p.ho * p.wo);
      std::vector<float> out((size_t) n);
      std::vector<int> arg((size_t) n);
      for (long long i = 0; i < n; i++) {
        if (cmd == "maxpool") {
          ns_max_pool_value<float>(src.data(), p, i, &out[(size_t) i], &arg[(size_t) i]);
        } else if (cmd == "avgpool") {
          out[(size_t) i] = ns_avg_pool_value<float>(src.data(), p, i);
        } else {
          out[(size_t) i] = ns_avg_pool_bwd_value<float>(src.data(), p, i);
        }
      }
      if (cmd == "maxpool") {
        for (long long i = 0; i < n; i++) std::printf("%x ", (unsigned) arg[(size_t) i]);
      }
      print_floats(out);
    } else if (cmd == "adaptive" || cmd == "adaptivebwd") {
      int h, w, ho, wo;
      long long planes;
      in >> h >> w >> ho >> wo >> planes;
      std::vector<float> src = read_floats(in);
      bool fwd = cmd == "adaptive";
      long long n = planes * (fwd ? (long long) ho * wo : (long long) h * w);
      std::vector<float> out((size_t) n);
      for (long long i = 0; i < n; i++) {
        out[(size_t) i] = fwd ? ns_adaptive_avg_value<float>(src.data(), h, w, ho, wo, i)
                              : ns_adaptive_avg_bwd_value<float>(src.data(), h, w, ho, wo, i);
      }
      print_floats(out);
    } else if (cmd == "layout") {
      std::printf("%zu %zu %zu %zu\n", sizeof(ns_adam_f), sizeof(ns_adam_d), sizeof(ns_sgd_f), sizeof(ns_sgd_d));
    } else if (!cmd.empty()) {
      std::printf("unknown command %s\n", cmd.c_str());
    }
    std::fflush(stdout);
  }
  return 0;
}

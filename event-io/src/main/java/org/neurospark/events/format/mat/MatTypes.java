package org.neurospark.events.format.mat;

/**
 * MAT-file Level 5 type codes: the storage types of data elements ({@code mi*}) and the array classes of matrices
 * ({@code mx*}), with their sizes and names for messages.
 */
final class MatTypes {
  private MatTypes() {}

  static final int MI_INT8 = 1;
  static final int MI_UINT8 = 2;
  static final int MI_INT16 = 3;
  static final int MI_UINT16 = 4;
  static final int MI_INT32 = 5;
  static final int MI_UINT32 = 6;
  static final int MI_SINGLE = 7;
  static final int MI_DOUBLE = 9;
  static final int MI_INT64 = 12;
  static final int MI_UINT64 = 13;
  static final int MI_MATRIX = 14;
  static final int MI_COMPRESSED = 15;
  static final int MI_UTF8 = 16;
  static final int MI_UTF16 = 17;
  static final int MI_UTF32 = 18;

  static final int MX_CELL = 1;
  static final int MX_STRUCT = 2;
  static final int MX_OBJECT = 3;
  static final int MX_CHAR = 4;
  static final int MX_SPARSE = 5;
  static final int MX_DOUBLE = 6;
  static final int MX_UINT64 = 15;

  /** Bytes per value of a numeric storage type, or 0 when {@code mi} is not a numeric type. */
  static int numericSize(int mi) {
    switch (mi) {
      case MI_INT8:
      case MI_UINT8:
        return 1;
      case MI_INT16:
      case MI_UINT16:
        return 2;
      case MI_INT32:
      case MI_UINT32:
      case MI_SINGLE:
        return 4;
      case MI_DOUBLE:
      case MI_INT64:
      case MI_UINT64:
        return 8;
      default:
        return 0;
    }
  }

  /** True for miSINGLE and miDOUBLE. */
  static boolean isFloat(int mi) {
    return mi == MI_SINGLE || mi == MI_DOUBLE;
  }

  /** True for the numeric array classes mxDOUBLE .. mxUINT64. */
  static boolean isNumericClass(int mx) {
    return mx >= MX_DOUBLE && mx <= MX_UINT64;
  }

  static String miName(int mi) {
    switch (mi) {
      case MI_INT8: return "miINT8";
      case MI_UINT8: return "miUINT8";
      case MI_INT16: return "miINT16";
      case MI_UINT16: return "miUINT16";
      case MI_INT32: return "miINT32";
      case MI_UINT32: return "miUINT32";
      case MI_SINGLE: return "miSINGLE";
      case MI_DOUBLE: return "miDOUBLE";
      case MI_INT64: return "miINT64";
      case MI_UINT64: return "miUINT64";
      case MI_MATRIX: return "miMATRIX";
      case MI_COMPRESSED: return "miCOMPRESSED";
      case MI_UTF8: return "miUTF8";
      case MI_UTF16: return "miUTF16";
      case MI_UTF32: return "miUTF32";
      default: return "type " + mi;
    }
  }

  /** Lowercase class name as MATLAB's {@code class()} prints it ("double", "cell", ...). */
  static String mxName(int mx) {
    switch (mx) {
      case 1: return "cell";
      case 2: return "struct";
      case 3: return "object";
      case 4: return "char";
      case 5: return "sparse";
      case 6: return "double";
      case 7: return "single";
      case 8: return "int8";
      case 9: return "uint8";
      case 10: return "int16";
      case 11: return "uint16";
      case 12: return "int32";
      case 13: return "uint32";
      case 14: return "int64";
      case 15: return "uint64";
      case 16: return "function";
      case 17: return "opaque";
      default: return "class" + mx;
    }
  }
}

package nnc.runtime;

/** Element type of a tensor: 32-bit float (the default) or 32-bit signed integer (token ids, labels). */
public enum DType {
    /** IEEE 754 binary32; stored in a {@code float[]}. */
    F32,
    /** Two's-complement 32-bit integer; stored in an {@code int[]}. */
    I32;

    /** The safetensors / NumPy-independent name of this type ({@code "F32"} or {@code "I32"}). */
    public String safetensorsName() {
        return name();
    }
}

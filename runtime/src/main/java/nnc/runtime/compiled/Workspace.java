package nnc.runtime.compiled;

/** Scratch arrays a network's kernels share (im2col buffers, argmax indices), grown on demand, never shrunk. */
public final class Workspace {
    private float[] floats = new float[0];
    private int[] ints = new int[0];

    /** A float array of at least {@code n} elements (contents undefined). */
    public float[] floats(int n) {
        if (floats.length < n) floats = new float[n];
        return floats;
    }

    /** An int array of at least {@code n} elements (contents undefined). */
    public int[] ints(int n) {
        if (ints.length < n) ints = new int[n];
        return ints;
    }
}

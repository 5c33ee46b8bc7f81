package nnc.ir;

/**
 * Element type of an IR value. At run time every value lives in a {@code float[]} arena;
 * {@link #I32} marks values that are integer-valued (token ids, class labels) so that the
 * verifier can check that gathers and one-hot encodings get indices. Integers up to 2^24
 * are exact in a float, which covers every vocabulary and class count nnc supports.
 */
public enum DType {
    F32, I32;

    public String text() {
        return this == F32 ? "f32" : "i32";
    }
}

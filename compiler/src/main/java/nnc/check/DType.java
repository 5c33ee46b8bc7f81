package nnc.check;

/** Element type of a tensor: 32-bit float (the default), 32-bit int (token ids, labels), or text (data columns only). */
public enum DType {
    FLOAT32, INT32, STRING;

    /** The spelling used in messages and in `nnc emit --stage shapes`. */
    public String display() {
        return switch (this) {
            case FLOAT32 -> "float";
            case INT32 -> "int";
            case STRING -> "string";
        };
    }
}

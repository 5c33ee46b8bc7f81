package nnc.check.catalogue;

/** What an argument accepts; the binder converts and validates source expressions by kind. */
public enum ArgKind {
    /** An integer literal. */
    INT,
    /** Any number (an int literal is widened). */
    FLOAT,
    BOOL,
    STRING,
    /** One of {@link ArgSpec#choices()}, written as an identifier. */
    ENUM,
    /** An int, or a list of exactly as many ints as the layer has spatial axes (Keras' int-or-tuple). */
    INT_TUPLE,
    /** A list of ints (a target shape; -1 allowed once). */
    SHAPE,
    /** An activation: an identifier or call of the activation catalogue, or a user {@code fn}. */
    ACTIVATION,
    /** An initializer identifier or call, e.g. {@code glorot_uniform}, {@code random_normal(stddev = 0.1)}. */
    INITIALIZER,
    /** {@code none} or a regularizer call, e.g. {@code l2(0.01)}. */
    REGULARIZER,
    /** A layer call given as an argument (the wrapped layer of {@code bidirectional}). */
    LAYER,
    /** An int or {@code none}. */
    OPTIONAL_INT,
    /** An int, or the identifier {@code none} (meaning "same as another argument", e.g. pooling strides). */
    OPTIONAL_INT_TUPLE,
    /** A metric, monitor or similar identifier checked by the train checker. */
    IDENT,
    /** A number or a learning-rate schedule call. */
    LEARNING_RATE,
    /** The name of a data set. */
    DATA
}

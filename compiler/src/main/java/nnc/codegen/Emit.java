package nnc.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/** Small bytecode helpers shared by the emitters. */
final class Emit {
    private Emit() {}

    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    static void pushFloat(MethodVisitor mv, float v) {
        if (v == 0f && Float.floatToRawIntBits(v) == 0) mv.visitInsn(FCONST_0);
        else if (v == 1f) mv.visitInsn(FCONST_1);
        else if (v == 2f) mv.visitInsn(FCONST_2);
        else mv.visitLdcInsn(v);
    }

    static void pushLong(MethodVisitor mv, long v) {
        mv.visitLdcInsn(v);
    }

    static void invokeStatic(MethodVisitor mv, String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }
}

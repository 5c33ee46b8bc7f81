package nnc.codegen;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/** Text dump ({@code nnc emit --stage bytecode}) and structural verification of generated classes. */
public final class BytecodeText {
    private BytecodeText() {}

    /** ASM's textifier output: every method, instruction and line number. */
    public static String print(byte[] classBytes) {
        StringWriter sw = new StringWriter();
        new ClassReader(classBytes).accept(new TraceClassVisitor(new PrintWriter(sw)), 0);
        return sw.toString();
    }

    /**
     * Runs ASM's {@link CheckClassAdapter} data-flow verifier over the class; returns the
     * empty string when it passes, the verifier's report otherwise.
     */
    public static String verify(byte[] classBytes, ClassLoader loader) {
        StringWriter sw = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classBytes), loader, false, new PrintWriter(sw));
        return sw.toString();
    }
}

package nnc.codegen;

import static org.junit.jupiter.api.Assertions.*;

import nnc.ir.Op;
import nnc.runtime.TrainableNetwork;
import nnc.testing.Models;
import org.junit.jupiter.api.Test;

class ModelCompilerTest {
    @Test
    void everyStageHasText() {
        ModelCompiler.Compilation c = ModelCompiler.compile(Models.mlp(new int[] {4, 8, 3}, Op.RELU, true), "iris-model", "iris.nn", true);
        assertTrue(c.irText().contains("softmax("), c.irText());
        assertTrue(c.gradientText().contains("out grad.dense.kernel"), c.gradientText());
        assertTrue(c.fusedText().contains("softmax_xent("), c.fusedText());
        assertTrue(c.bytecodeText().contains("class nnc/generated/iris_model"), c.bytecodeText());
        assertFalse(c.passLog().isEmpty());
        TrainableNetwork net = c.newInstance();
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, net.parameterCount());
        assertEquals("x", net.inputs().get(0).name());
        assertArrayEquals(new int[] {3}, net.outputs().get(0).shape());
        assertEquals("dense_1.bias", net.parameters().get(3).name());
    }
}

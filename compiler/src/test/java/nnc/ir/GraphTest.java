package nnc.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    @Test
    void denseLayerShapesAndPrinter() {
        GraphBuilder b = new GraphBuilder().at(new Origin("iris.nn", 7, 5));
        int x = b.input("x", Shape.batched(4));
        int w = b.parameter("dense.kernel", Shape.of(4, 16), "glorot_uniform");
        int bias = b.parameter("dense.bias", Shape.of(16), "zeros");
        int h = b.unary(Op.RELU, b.add(b.matmul(x, w), bias));
        b.output("output", h);
        Graph g = Verifier.verify(b.build());
        assertEquals(Shape.batched(16), g.node(h).shape());
        String text = Printer.print(g);
        assertTrue(text.contains("%3 = matmul(%0, %1) : [N, 16] f32 {transA=false, transB=false}  @ iris.nn:7:5"), text);
        assertTrue(text.contains("out output = %5"), text);
    }

    @Test
    void broadcastingRules() {
        assertEquals(Shape.batched(3), ShapeRules.broadcast(Shape.batched(3), Shape.of(3)));
        assertEquals(Shape.batched(3), ShapeRules.broadcast(Shape.batched(1), Shape.of(3)));
        assertEquals(Shape.batched(3), ShapeRules.broadcast(Shape.scalar(), Shape.batched(3)));
        assertThrows(IrException.class, () -> ShapeRules.broadcast(Shape.batched(3), Shape.of(4)));
        assertThrows(IrException.class, () -> ShapeRules.broadcast(Shape.batched(3), Shape.of(2, 1, 3)));
    }

    @Test
    void matmulTransposesAndBatchContraction() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(4));
        int g = b.input("g", Shape.batched(3));
        int w = b.parameter("w", Shape.of(4, 3), "zeros");
        assertEquals(Shape.of(4, 3), b.shape(b.matmul(x, g, true, false)));
        assertEquals(Shape.batched(4), b.shape(b.matmul(g, w, false, true)));
        assertThrows(IrException.class, () -> b.matmul(x, x));
    }

    @Test
    void reductionsAndReshape() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(2, 3));
        assertEquals(Shape.batched(2, 1), b.shape(b.reduce(Op.REDUCE_SUM, x, new int[] {-1}, true)));
        assertEquals(Shape.of(2, 3), b.shape(b.reduce(Op.REDUCE_MEAN, x, new int[] {0}, false)));
        assertEquals(Shape.scalar(), b.shape(b.reduceAll(Op.REDUCE_MAX, x)));
        assertEquals(Shape.batched(6), b.shape(b.reshape(x, Shape.batched(6))));
        assertThrows(IrException.class, () -> b.reshape(x, Shape.of(6)));
        assertEquals(Shape.batched(3, 2), b.shape(b.transpose(x, 0, 2, 1)));
        assertThrows(IrException.class, () -> b.transpose(x, 1, 0, 2));
    }

    @Test
    void verifierRejectsWrongShapeAndOrder() {
        GraphBuilder b = new GraphBuilder();
        int x = b.input("x", Shape.batched(4));
        int y = b.unary(Op.TANH, x);
        b.output("output", y);
        Graph good = b.build();
        assertTrue(Verifier.check(good).isEmpty());

        List<Node> nodes = new ArrayList<>(good.nodes());
        Node t = nodes.get(1);
        nodes.set(1, new Node(1, t.op(), t.inputs(), t.attrs(), Shape.batched(5), t.dtype(), t.origin()));
        List<String> errs = Verifier.check(new Graph(nodes, good.outputs()));
        assertEquals(1, errs.size(), errs.toString());
        assertTrue(errs.get(0).contains("shape [N, 5] but rule gives [N, 4]"));

        List<Node> bad = List.of(new Node(0, Op.TANH, List.of(1), Attrs.NONE, Shape.batched(4), DType.F32, Origin.NONE),
                good.node(0));
        assertFalse(Verifier.check(new Graph(bad, java.util.Map.of())).isEmpty());
    }

    @Test
    void gatherNeedsIntegerIndices() {
        GraphBuilder b = new GraphBuilder();
        int table = b.parameter("embedding.embeddings", Shape.of(10, 8), "uniform");
        int ids = b.input("ids", Shape.batched(5), DType.I32);
        int e = b.gather(table, ids);
        assertEquals(Shape.batched(5, 8), b.shape(e));
        int f = b.input("f", Shape.batched(5));
        b.gather(table, f);
        assertFalse(Verifier.check(b.build()).isEmpty());
    }
}

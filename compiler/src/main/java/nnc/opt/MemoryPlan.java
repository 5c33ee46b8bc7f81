package nnc.opt;

import java.util.ArrayList;
import java.util.List;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.Op;

/**
 * Static memory planning into one preallocated {@code float[]} arena (DeepDSL style).
 * Every value that needs storage gets a slot whose start is
 * {@code batchOffset * capacity + fixedOffset}: batched values are planned in per-sample
 * units in the first region ({@code perSampleTotal * capacity} floats), unbatched ones in a
 * second region after it ({@code fixedTotal} floats), so one plan serves every batch
 * capacity. Slots are reused first-fit once a value's last reader has run, in the
 * execution order of {@link Phases} (forward, loss, backward), so forward values the
 * backward pass reads stay alive. Parameters live in their own arrays; a reshape shares its
 * operand's slot; constants, outputs and gradients are never overwritten.
 */
public final class MemoryPlan {
    /** Where a node's value lives. */
    public enum Home {
        /** A slot of the arena. */
        ARENA,
        /** The value array of a parameter. */
        PARAMETER,
        /** The gradient array of the parameter {@link #gradientOf} names: the backward pass writes it in place, no copy. */
        GRADIENT,
        /** Shares another node's storage ({@link #aliasOf}). */
        ALIAS,
        /** No storage (not executed). */
        NONE
    }

    /** For GRADIENT: the PARAMETER node whose gradient array holds the value. */
    public final int[] gradientOf;

    public final Home[] home;
    /** For ALIAS: the node whose storage is shared (never itself an alias). */
    public final int[] aliasOf;
    public final int[] batchOffset;
    public final int[] fixedOffset;
    public final int perSampleTotal;
    public final int fixedTotal;
    public final Phases phases;
    private final boolean[] batched;

    private MemoryPlan(Home[] home, int[] aliasOf, int[] batchOffset, int[] fixedOffset, int perSampleTotal, int fixedTotal,
                       Phases phases, boolean[] batched) {
        this.home = home;
        this.aliasOf = aliasOf;
        this.batchOffset = batchOffset;
        this.fixedOffset = fixedOffset;
        this.perSampleTotal = perSampleTotal;
        this.fixedTotal = fixedTotal;
        this.phases = phases;
        this.batched = batched;
        this.gradientOf = new int[home.length];
        java.util.Arrays.fill(gradientOf, -1);
    }

    /** Arena length for batches of up to {@code capacity} samples. */
    public long arenaSize(int capacity) {
        return (long) perSampleTotal * capacity + fixedTotal;
    }

    /** Start of node {@code id}'s storage in the arena (resolving aliases); only for ARENA storage. */
    public int offset(int id, int capacity) {
        int s = storage(id);
        if (home[s] != Home.ARENA) throw new IllegalArgumentException("%" + id + " is not stored in the arena");
        return batched[s] ? batchOffset[s] * capacity : perSampleTotal * capacity + fixedOffset[s];
    }

    /** Whether node {@code id}'s storage lies in the batch-scaled region. */
    public boolean inBatchRegion(int id) {
        return batched[storage(id)];
    }

    /** The node that owns the storage of {@code id}. */
    public int storage(int id) {
        return home[id] == Home.ALIAS ? aliasOf[id] : id;
    }

    public static MemoryPlan plan(Graph g) {
        Phases ph = Phases.of(g);
        int n = g.size();
        Home[] home = new Home[n];
        int[] alias = new int[n];
        java.util.Arrays.fill(home, Home.NONE);
        java.util.Arrays.fill(alias, -1);
        List<Integer> order = ph.all();
        int[] pos = new int[n];
        java.util.Arrays.fill(pos, -1);
        for (int i = 0; i < order.size(); i++) pos[order.get(i)] = i;
        for (Node node : g.nodes()) {
            if (node.op() == Op.PARAMETER) home[node.id()] = Home.PARAMETER;
            else if (pos[node.id()] < 0) home[node.id()] = Home.NONE;
            else if (node.op() == Op.RESHAPE) {
                int src = node.input(0);
                home[node.id()] = Home.ALIAS;
                alias[node.id()] = home[src] == Home.ALIAS ? alias[src] : src;
            } else home[node.id()] = Home.ARENA;
        }
        // a gradient output computed by the backward pass lives in its parameter's grad array
        java.util.Map<Integer, Integer> gradHome = new java.util.HashMap<>();
        java.util.Set<Integer> claimed = new java.util.HashSet<>();
        for (var e : g.outputs().entrySet()) {
            if (!e.getKey().startsWith("grad.")) continue;
            int s = owner(home, alias, e.getValue());
            Node owner = g.node(s);
            String pname = e.getKey().substring("grad.".length());
            Node param = null;
            for (Node p : g.parameters()) if (pname.equals(p.name())) param = p;
            if (param == null || home[s] != Home.ARENA || owner.op() == Op.CONSTANT || owner.op() == Op.INPUT
                    || !ph.backward().contains(s) || owner.shape().perSample() != param.shape().perSample() || !claimed.add(s)) {
                continue;
            }
            gradHome.put(s, param.id());
        }
        // several outputs may share one owner only if all of them are that one gradient
        for (var e : g.outputs().entrySet()) {
            int s = owner(home, alias, e.getValue());
            if (gradHome.containsKey(s) && !e.getKey().equals("grad." + g.node(gradHome.get(s)).name())) gradHome.remove(s);
        }
        for (var e : gradHome.entrySet()) home[e.getKey()] = Home.GRADIENT;

        // last use of each storage owner, in execution positions; END for values that must survive
        int end = order.size();
        int[] last = new int[n];
        java.util.Arrays.fill(last, -1);
        for (int id : order) {
            int p = pos[id];
            last[owner(home, alias, id)] = Math.max(last[owner(home, alias, id)], p);
            for (int in : g.node(id).inputs()) last[owner(home, alias, in)] = Math.max(last[owner(home, alias, in)], p);
        }
        for (int o : g.outputs().values()) last[owner(home, alias, o)] = end;
        for (Node node : g.nodes()) if (node.op() == Op.CONSTANT) last[node.id()] = end;

        int[] bOff = new int[n], fOff = new int[n];
        boolean[] batched = new boolean[n];
        Allocator perSample = new Allocator(), fixed = new Allocator();
        List<Integer> live = new ArrayList<>();
        // constants are written once per capacity, before any phase runs: they own their slots for good
        for (int id : order) {
            Node c = g.node(id);
            if (c.op() != Op.CONSTANT || home[id] != Home.ARENA) continue;
            batched[id] = c.shape().isBatched();
            if (batched[id]) bOff[id] = perSample.alloc(c.shape().perSample());
            else fOff[id] = fixed.alloc(c.shape().perSample());
        }
        for (int id : order) {
            if (g.node(id).op() == Op.CONSTANT) continue;
            int p = pos[id];
            for (int k = live.size() - 1; k >= 0; k--) {
                int v = live.get(k);
                if (last[v] < p) {
                    (batched[v] ? perSample : fixed).free(batched[v] ? bOff[v] : fOff[v]);
                    live.remove(k);
                }
            }
            if (home[id] != Home.ARENA) continue;
            Node node = g.node(id);
            batched[id] = node.shape().isBatched();
            if (batched[id]) bOff[id] = perSample.alloc(node.shape().perSample());
            else fOff[id] = fixed.alloc(node.shape().perSample());
            live.add(id);
        }
        MemoryPlan mp = new MemoryPlan(home, alias, bOff, fOff, perSample.high, fixed.high, ph, batched);
        for (var e : gradHome.entrySet()) mp.gradientOf[e.getKey()] = e.getValue();
        return mp;
    }

    private static int owner(Home[] home, int[] alias, int id) {
        return home[id] == Home.ALIAS ? alias[id] : id;
    }

    /** First-fit allocation of intervals [offset, offset + size) in abstract units. */
    private static final class Allocator {
        private final List<int[]> used = new ArrayList<>();   // {offset, size}, sorted by offset
        int high;

        int alloc(int size) {
            int at = 0, k = 0;
            for (; k < used.size(); k++) {
                int[] u = used.get(k);
                if (u[0] - at >= size) break;
                at = Math.max(at, u[0] + u[1]);
            }
            used.add(k, new int[] {at, size});
            high = Math.max(high, at + size);
            return at;
        }

        void free(int offset) {
            for (int k = 0; k < used.size(); k++) {
                if (used.get(k)[0] == offset) {
                    used.remove(k);
                    return;
                }
            }
            throw new IllegalStateException("free of unallocated offset " + offset);
        }
    }
}

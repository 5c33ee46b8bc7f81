/**
 * Support for the classes the nnc compiler generates: {@link nnc.runtime.compiled.CompiledNetwork},
 * the base class every generated model extends (arena, parameters, phases, inputs and
 * outputs), its {@link nnc.runtime.compiled.NetworkLayout}, and the static primitives the
 * generated code calls ({@link nnc.runtime.compiled.Prims} for data movement and
 * reductions, {@link nnc.runtime.compiled.Scalar} for scalar elementwise functions).
 * Heavy kernels (GEMM) are called directly from {@code nnc.runtime.kernels}.
 */
package nnc.runtime.compiled;

#[allow(
    dead_code,
    unused_imports,
    unused_variables,
    unused_mut,
    unused_braces,
    unused_parens,
    unused_assignments,
    non_snake_case,
    non_camel_case_types,
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
pub fn softmax(z: &[f64]) -> ::std::vec::Vec<f64> {
    match softmax::__dispatch(
        ::kernelize::__private::Variant::Auto,
        z,
        ::core::option::Option::None,
    ) {
        ::core::result::Result::Ok(__r) => __r,
        ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
    }
}
///Variants, plan and tools of the kernel [`softmax`](fn@softmax) (signature `f8[:](f8[:])`).
#[allow(
    dead_code,
    unused_imports,
    unused_variables,
    unused_mut,
    unused_braces,
    unused_parens,
    unused_assignments,
    non_snake_case,
    non_camel_case_types,
    missing_docs,
    missing_debug_implementations,
    unreachable_pub,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]
pub mod softmax {
    use super::*;
    const __KERNEL: &str = "softmax";
    /// The kernel's canonical Numba signature.
    pub const SIGNATURE: &str = "f8[:](f8[:])";
    /// The fused loop plan: passes, what each reads, computes, reduces and writes,
    /// and why anything was stored or recomputed.
    pub fn explain() -> &'static str {
        "kernel `softmax`: signature `f8[:](f8[:])`, elements `f64`, backends: scalar, simd, parallel\nplan for inputs under 48 MiB or half the last-level cache, whichever is larger (`dispatch::online_min_bytes`; in cache: one exp per element, the exps stored):\n3 pass(es) over memory; elementwise work is fused into the pass that consumes it\npass 1 (len = len(`z`)):\n  reads: `z`\n  reduces: `max(z)`\npass 2 (len = len(`z`)):\n  reads: `z`\n  computes per element (fused): `e` = `exp(z - max(z))`\n  reduces: `sum(e)`\n  writes: `e` = `exp(z - max(z))` into the output buffer\npass 3 (len = len(`z`)):\n  reads: the output buffer (holding `e` = `exp(z - max(z))`)\n  computes per element (fused): `e / sum(e)`\n  writes: `e / sum(e)` into the output buffer (with streaming stores when the output is at least `dispatch::stream_min_bytes()`)\nnote: `z - max(z)` cannot be positive, so `exp(z - max(z))` skips exp's overflow handling\nnote: `e` = `exp(z - max(z))` is stored into the output buffer by pass 2 and re-read by 1 later pass(es): storing costs 16 units per element, recomputing 29\nreductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: each accumulator restarts every 32 vectors and adds the block's partial into a second-level accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)\nplan for larger inputs (memory-bound: fewest passes over memory):\n2 pass(es) over memory; elementwise work is fused into the pass that consumes it\npass 1 (len = len(`z`)):\n  reads: `z`\n  reduces: `max(z)`, `sum(e)` (sharing one read of the data)\npass 2 (len = len(`z`)):\n  reads: `z`\n  computes per element (fused): `e` = `exp(z - max(z))`, `e / sum(e)`\n  writes: `e / sum(e)` into the output buffer (with streaming stores when the output is at least `dispatch::stream_min_bytes()`)\nnote: `sum(e)` is computed online in the pass computing `max(z)` (block by block: the block's maximum first, then its terms; a running maximum rescales the partial sums when it grows), saving a pass\nnote: `z - max(z)` cannot be positive, so `exp(z - max(z))` skips exp's overflow handling\nreductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: each accumulator restarts every 32 vectors and adds the block's partial into a second-level accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)\n"
    }
    /// The variants this CPU can run, for [`with`].
    pub fn variants() -> ::std::vec::Vec<::kernelize::__private::Variant> {
        let mut __list = ::std::vec::Vec::new();
        __list.push(::kernelize::__private::Variant::Scalar);
        for __t in ::kernelize::__private::dispatch::available_tiers() {
            if __t != ::kernelize::__private::Tier::Scalar {
                __list.push(::kernelize::__private::Variant::Simd(__t));
            }
        }
        for __t in ::kernelize::__private::dispatch::available_tiers() {
            __list.push(::kernelize::__private::Variant::Parallel(__t));
        }
        __list
    }
    /// Runs one named variant (or `Variant::Auto`): an `Err`, not a panic, when
    /// this CPU lacks it or the arguments are invalid.
    pub fn with(
        variant: ::kernelize::__private::Variant,
        z: &[f64],
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        __dispatch(variant, z, ::core::option::Option::None)
    }
    ///Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on the errors [`with`] returns.
    pub fn scalar(z: &[f64]) -> ::std::vec::Vec<f64> {
        match __dispatch(
            ::kernelize::__private::Variant::Scalar,
            z,
            ::core::option::Option::None,
        ) {
            ::core::result::Result::Ok(__r) => __r,
            ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
        }
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(z: &[f64]) -> ::std::vec::Vec<f64> {
        match __dispatch(
            ::kernelize::__private::Variant::Simd(
                ::kernelize::__private::dispatch::selected_tier(),
            ),
            z,
            ::core::option::Option::None,
        ) {
            ::core::result::Result::Ok(__r) => __r,
            ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
        }
    }
    ///rayon over SIMD chunks at the selected tier, in the caller's rayon pool; bit-identical to [`simd`]. Panics on the errors [`with`] returns.
    pub fn parallel(z: &[f64]) -> ::std::vec::Vec<f64> {
        match __dispatch(
            ::kernelize::__private::Variant::Parallel(
                ::kernelize::__private::dispatch::selected_tier(),
            ),
            z,
            ::core::option::Option::None,
        ) {
            ::core::result::Result::Ok(__r) => __r,
            ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
        }
    }
    /// Writes the result into `out` (no allocation), with the dispatcher's variant. Panics if `out` does not have the result's length or on the errors [`with`] returns.
    pub fn into(z: &[f64], out: &mut [f64]) {
        match into_with(::kernelize::__private::Variant::Auto, z, out) {
            ::core::result::Result::Ok(__r) => __r,
            ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
        }
    }
    /// Writes the result into `out` with one named variant; an `Err` instead of a panic.
    pub fn into_with(
        variant: ::kernelize::__private::Variant,
        z: &[f64],
        out: &mut [f64],
    ) -> ::core::result::Result<(), ::kernelize::__private::Error> {
        __dispatch(variant, z, ::core::option::Option::Some(out)).map(|_| ())
    }
    /// Runs one variant: the dispatcher glue shared by every entry point.
    #[doc(hidden)]
    pub fn __dispatch(
        __variant: ::kernelize::__private::Variant,
        z: &[f64],
        __user_out: ::core::option::Option<&mut [f64]>,
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        let __size: usize = 0usize.max(z.len());
        let (__tier, __par) = match __variant {
            ::kernelize::__private::Variant::Auto => {
                ::kernelize::__private::dispatch::auto_choice(true, __size)
            }
            ::kernelize::__private::Variant::Scalar => {
                (::kernelize::__private::Tier::Scalar, false)
            }
            ::kernelize::__private::Variant::Simd(__t) => (__t, false),
            ::kernelize::__private::Variant::Parallel(__t) => (__t, true),
        };
        let __ran = if __par {
            ::kernelize::__private::dispatch::run_at(
                __tier,
                __Op {
                    __par: true,
                    z: z,
                    __user_out,
                    __marker: ::core::marker::PhantomData,
                },
            )
        } else {
            ::kernelize::__private::dispatch::run_at(
                __tier,
                __Op {
                    __par: false,
                    z: z,
                    __user_out,
                    __marker: ::core::marker::PhantomData,
                },
            )
        };
        if !__par && ::core::matches!(__variant, ::kernelize::__private::Variant::Auto) {
            ::kernelize::__private::parallel::note_call_end(__size);
        }
        match __ran {
            ::core::option::Option::Some(__r) => __r,
            ::core::option::Option::None => {
                ::core::result::Result::Err(::kernelize::__private::Error::VariantUnavailable {
                    kernel: __KERNEL,
                    variant: __variant,
                    reason: "this CPU cannot run that tier",
                })
            }
        }
    }
    /// Runs a closure inside a tier's `#[target_feature]` function (`Simd::vectorize`):
    /// how a rayon worker re-enters the tier for its chunk.
    #[doc(hidden)]
    pub struct __InTier<F>(pub F);
    impl<R, F: FnOnce() -> R> ::kernelize::__private::simd::WithSimd for __InTier<F> {
        type Output = R;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(self, _: S) -> R {
            (self.0)()
        }
    }
    /// The kernel's arguments, run at a tier by `WithSimd`.
    #[doc(hidden)]
    pub struct __Op<'a> {
        __par: bool,
        z: &'a [f64],
        __user_out: ::core::option::Option<&'a mut [f64]>,
        __marker: ::core::marker::PhantomData<&'a ()>,
    }
    impl<'a> ::kernelize::__private::simd::WithSimd for __Op<'a> {
        type Output = ::core::result::Result<
            ::std::vec::Vec<f64>,
            ::kernelize::__private::Error,
        >;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(
            self,
            __s: S,
        ) -> Self::Output {
            __core::<S>(__s, self.__par, self.z, self.__user_out)
        }
    }
    /// The whole-array computation at the caller's tier `S` (no dispatch): what a
    /// kernel calling this one runs, once.
    #[doc(hidden)]
    #[inline(always)]
    pub fn __whole<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        z: &[f64],
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        __core::<S>(__s, __par, z, ::core::option::Option::None)
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __kernelize_info_softmax_38302da7408b4a3e {
        ($($rest:tt)*) => {
            ::kernelize::__private::kernel_resolved! { @ callee { kernel
            "f8[:](f8[:])"(array f64) array f64 } $($rest)* }
        };
    }
    #[doc(hidden)]
    pub use __kernelize_info_softmax_38302da7408b4a3e as __kernelize_info;
    #[inline(always)]
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core_0<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        z: &[f64],
        __user_out: ::core::option::Option<&mut [f64]>,
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        let _ = __s;
        let mut __len0_1: usize = z.len();
        if __len0_1 == 0 {
            return ::core::result::Result::Err(::kernelize::__private::Error::EmptyReduction {
                kernel: __KERNEL,
                reduction: "max",
                operand: "z",
            });
        }
        let mut __r1_4: f64 = (-f64::INFINITY);
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_1).saturating_sub(__lo);
            let __parts = ::kernelize::__private::inorder::run_chunks(
                __par,
                __count,
                |
                    __range: ::core::ops::Range<usize>,
                | -> ::core::result::Result<(f64,), ::kernelize::__private::Error> {
                    ::kernelize::__private::simd::Simd::vectorize(
                        __s,
                        __InTier(
                            #[inline(always)]
                            || -> ::core::result::Result<
                                (f64,),
                                ::kernelize::__private::Error,
                            > {
                                let __range = __range;
                                #[allow(unused_imports)]
                                use ::kernelize::__private::simd::{Mask as _, Vector as _};
                                let __tok: S = __s;
                                let (__c0, __cn): (usize, usize) = (
                                    __range.start,
                                    __range.end - __range.start,
                                );
                                let mut __acc0 = ::kernelize::__private::loops::Accumulators::<
                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                    ::kernelize::__private::loops::Max,
                                >::new(__tok, ::kernelize::__private::loops::Max);
                                let __win0 = &z[__lo + __c0..__lo + __c0 + __cn];
                                let (__step,) = (
                                    #[inline(always)]
                                    |
                                        __step: ::kernelize::__private::lanes::Step,
                                    | -> ::core::result::Result<
                                        (),
                                        ::kernelize::__private::Error,
                                    > {
                                        match __step {
                                            ::kernelize::__private::lanes::Step::Vector {
                                                at: __at,
                                                w: __w,
                                                valid: __valid,
                                                slot: __slot,
                                            } => {
                                                ::kernelize::__private::simd::prefetch(
                                                    &__win0[..],
                                                    __w,
                                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                                                );
                                                let mut __s0_3 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                                >(__tok, &__win0[__w..], __valid);
                                                __acc0
                                                    .add(
                                                        __slot,
                                                        ::kernelize::__private::lanes::or_identity::<
                                                            <S as ::kernelize::__private::simd::Simd>::F64,
                                                            ::kernelize::__private::loops::Max,
                                                        >(__s0_3, ::core::option::Option::None),
                                                        __valid,
                                                    );
                                            }
                                            ::kernelize::__private::lanes::Step::BlockEnd => {
                                                __acc0.end_block();
                                            }
                                        }
                                        ::core::result::Result::Ok(())
                                    },
                                );
                                ::kernelize::__private::lanes::each_vector(
                                    __lo,
                                    __range.clone(),
                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                                    false,
                                    __step,
                                )?;
                                ::core::result::Result::Ok((__acc0.finish(),))
                            },
                        ),
                    )
                },
            )?;
            let __all = __parts.iter().map(|__p| __p.0).collect();
            if let ::core::option::Option::Some(__total) = ::kernelize::__private::parallel::combine_pairwise(
                __all,
                |__a, __b| ::kernelize::__private::inorder::maximum(__a, __b),
            ) {
                __r1_4 = ::kernelize::__private::inorder::maximum(__r1_4, __total);
            }
        }
        let __len_out: usize = __len0_1;
        let mut __owned: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
        let __out_9: &mut [f64] = match __user_out {
            ::core::option::Option::Some(__o) => {
                if __o.len() != __len_out {
                    return ::core::result::Result::Err(::kernelize::__private::Error::OutputLength {
                        kernel: __KERNEL,
                        expected: __len_out,
                        actual: __o.len(),
                    });
                }
                __o
            }
            ::core::option::Option::None => {
                __owned = ::kernelize::__private::buffer::alloc_output::<f64>(__len_out);
                &mut __owned[..]
            }
        };
        let mut __r4_10: f64 = 0f64;
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_1).saturating_sub(__lo);
            let __shared___out_9 = unsafe {
                ::kernelize::__private::inorder::Shared::new(&mut __out_9[..])
            };
            let __parts = ::kernelize::__private::inorder::run_chunks(
                __par,
                __count,
                |
                    __range: ::core::ops::Range<usize>,
                | -> ::core::result::Result<(f64,), ::kernelize::__private::Error> {
                    ::kernelize::__private::simd::Simd::vectorize(
                        __s,
                        __InTier(
                            #[inline(always)]
                            || -> ::core::result::Result<
                                (f64,),
                                ::kernelize::__private::Error,
                            > {
                                let __range = __range;
                                #[allow(unused_imports)]
                                use ::kernelize::__private::simd::{Mask as _, Vector as _};
                                let __tok: S = __s;
                                let (__c0, __cn): (usize, usize) = (
                                    __range.start,
                                    __range.end - __range.start,
                                );
                                let mut __acc0 = ::kernelize::__private::loops::Accumulators::<
                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                    ::kernelize::__private::loops::Sum,
                                >::new(__tok, ::kernelize::__private::loops::Sum);
                                let __win0 = &z[__lo + __c0..__lo + __c0 + __cn];
                                let mut __win1 = unsafe {
                                    ::kernelize::__private::lanes::own_window(
                                        &__shared___out_9,
                                        __lo + __c0,
                                        __cn,
                                    )
                                };
                                let ::core::option::Option::Some(mut __win1) = __win1 else {
                                    ::core::unreachable!("a result is as long as its loop")
                                };
                                let (__step,) = (
                                    #[inline(always)]
                                    |
                                        __step: ::kernelize::__private::lanes::Step,
                                    | -> ::core::result::Result<
                                        (),
                                        ::kernelize::__private::Error,
                                    > {
                                        match __step {
                                            ::kernelize::__private::lanes::Step::Vector {
                                                at: __at,
                                                w: __w,
                                                valid: __valid,
                                                slot: __slot,
                                            } => {
                                                ::kernelize::__private::simd::prefetch(
                                                    &__win0[..],
                                                    __w,
                                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                                                );
                                                let mut __s0_6 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                                >(__tok, &__win0[__w..], __valid);
                                                let mut __e2_7 = __s0_6
                                                    .sub(
                                                        <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                            __tok,
                                                            __r1_4,
                                                        ),
                                                    );
                                                let mut __e3_8 = ::kernelize::__private::math::exp_nonpositive(
                                                    __e2_7,
                                                );
                                                {
                                                    let __value = __e3_8;
                                                    ::kernelize::__private::lanes::store::<
                                                        <S as ::kernelize::__private::simd::Simd>::F64,
                                                    >(
                                                        &mut __win1[__w..__w + __valid],
                                                        __value,
                                                        __valid,
                                                        ::core::option::Option::None,
                                                    );
                                                }
                                                __acc0
                                                    .add(
                                                        __slot,
                                                        ::kernelize::__private::lanes::or_identity::<
                                                            <S as ::kernelize::__private::simd::Simd>::F64,
                                                            ::kernelize::__private::loops::Sum,
                                                        >(__e3_8, ::core::option::Option::None),
                                                        __valid,
                                                    );
                                            }
                                            ::kernelize::__private::lanes::Step::BlockEnd => {
                                                __acc0.end_block();
                                            }
                                        }
                                        ::core::result::Result::Ok(())
                                    },
                                );
                                ::kernelize::__private::lanes::each_vector(
                                    __lo,
                                    __range.clone(),
                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                                    true,
                                    __step,
                                )?;
                                ::core::result::Result::Ok((__acc0.finish(),))
                            },
                        ),
                    )
                },
            )?;
            let __all = __parts.iter().map(|__p| __p.0).collect();
            if let ::core::option::Option::Some(__total) = ::kernelize::__private::parallel::combine_pairwise(
                __all,
                |__a, __b| (__a + __b),
            ) {
                __r4_10 = (__r4_10 + __total);
            }
        }
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_1).saturating_sub(__lo);
            let __stream: bool = __count * ::core::mem::size_of::<f64>()
                >= ::kernelize::__private::dispatch::stream_min_bytes();
            let __shared___out_9 = unsafe {
                ::kernelize::__private::inorder::Shared::new(&mut __out_9[..])
            };
            let __parts = ::kernelize::__private::inorder::run_chunks(
                __par,
                __count,
                |
                    __range: ::core::ops::Range<usize>,
                | -> ::core::result::Result<(), ::kernelize::__private::Error> {
                    ::kernelize::__private::simd::Simd::vectorize(
                        __s,
                        __InTier(
                            #[inline(always)]
                            || -> ::core::result::Result<
                                (),
                                ::kernelize::__private::Error,
                            > {
                                let __range = __range;
                                #[allow(unused_imports)]
                                use ::kernelize::__private::simd::{Mask as _, Vector as _};
                                let __tok: S = __s;
                                let (__c0, __cn): (usize, usize) = (
                                    __range.start,
                                    __range.end - __range.start,
                                );
                                let __div0 = ::kernelize::__private::math::Divisor::new(
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                        __tok,
                                        __r4_10,
                                    ),
                                );
                                let mut __win0 = unsafe {
                                    ::kernelize::__private::lanes::own_window(
                                        &__shared___out_9,
                                        __lo + __c0,
                                        __cn,
                                    )
                                };
                                let ::core::option::Option::Some(mut __win0) = __win0 else {
                                    ::core::unreachable!("a result is as long as its loop")
                                };
                                let (__step,) = (
                                    #[inline(always)]
                                    |
                                        __step: ::kernelize::__private::lanes::Step,
                                    | -> ::core::result::Result<
                                        (),
                                        ::kernelize::__private::Error,
                                    > {
                                        match __step {
                                            ::kernelize::__private::lanes::Step::Vector {
                                                at: __at,
                                                w: __w,
                                                valid: __valid,
                                                slot: __slot,
                                            } => {
                                                let mut __s3_12 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                                >(__tok, &__win0[__w..], __valid);
                                                let mut __e5_13 = __div0.divide(__s3_12);
                                                {
                                                    let __value = __e5_13;
                                                    ::kernelize::__private::lanes::store_result::<
                                                        <S as ::kernelize::__private::simd::Simd>::F64,
                                                    >(
                                                        &mut __win0[__w..__w + __valid],
                                                        __value,
                                                        __valid,
                                                        ::core::option::Option::None,
                                                        __stream,
                                                    );
                                                }
                                            }
                                            ::kernelize::__private::lanes::Step::BlockEnd => {}
                                        }
                                        ::core::result::Result::Ok(())
                                    },
                                );
                                ::kernelize::__private::lanes::each_vector_in_turn(
                                    __lo,
                                    __range.clone(),
                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                                    __step,
                                )?;
                                if __stream {
                                    <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::stream_fence(
                                        __tok,
                                    );
                                }
                                ::core::result::Result::Ok(())
                            },
                        ),
                    )
                },
            )?;
        }
        return ::core::result::Result::Ok(__owned);
    }
    #[inline(always)]
    pub fn __core_1<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        z: &[f64],
        __user_out: ::core::option::Option<&mut [f64]>,
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        #[allow(unused_imports)]
        use ::kernelize::__private::simd::{Mask as _, Vector as _};
        let mut __owned: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
        let mut __user_out = __user_out;
        let __len0: usize = z.len();
        if __len0 == 0 {
            return ::core::result::Result::Err(::kernelize::__private::Error::EmptyReduction {
                kernel: __KERNEL,
                reduction: "max",
                operand: "z",
            });
        }
        #[allow(clippy::let_unit_value)]
        let (__v1, __v4) = {
            let _ = "pass 1";
            let __len: usize = __len0;
            let (__chunk,) = (
                #[inline(always)]
                |__lo: usize, __hi: usize| -> (f64, (f64, f64)) {
                    let mut __a1_0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __b1_0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __a1_1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __b1_1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __a1_2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __b1_2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __a1_3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __b1_3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __m1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        f64::NEG_INFINITY,
                    );
                    let mut __sh1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        0f64,
                    );
                    let mut __i = __lo;
                    while __i
                        + 4usize * 32usize
                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        {
                            let __end: usize = __i
                                + 4usize * 32usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __bm = {
                                let mut __q0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q4 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q5 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q6 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q7 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __g = __i;
                                while __g
                                    + 8usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                                    <= __end
                                {
                                    let __gr0 = &z[__g..__g
                                        + 8usize
                                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                                    {
                                        let __g = __g
                                            + 0usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[0usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q0 = __q0.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 1usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[1usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q1 = __q1.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 2usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[2usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q2 = __q2.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 3usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[3usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q3 = __q3.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 4usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[4usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q4 = __q4.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 5usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[5usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q5 = __q5.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 6usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[6usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q6 = __q6.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 7usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[7usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q7 = __q7.max(__v0);
                                    }
                                    __g
                                        += 8usize
                                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                }
                                while __g
                                    + <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                                    <= __end
                                {
                                    let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                        __s,
                                        &z[__g..],
                                    );
                                    __q0 = __q0.max(__v0);
                                    __g
                                        += <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                }
                                if __g < __end {
                                    let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load_partial(
                                        __s,
                                        &z[__g..][..__hi - __g],
                                        0f64,
                                    );
                                    let __valid = <<S as ::kernelize::__private::simd::Simd>::F64>::iota(
                                            __s,
                                        )
                                        .lt(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                (__hi - __g) as f64,
                                            ),
                                        );
                                    __q0 = __q0
                                        .max(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                                __valid,
                                                __v0,
                                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                    __s,
                                                    f64::NEG_INFINITY,
                                                ),
                                            ),
                                        );
                                }
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    (__q0
                                        .max(__q1)
                                        .max(__q2.max(__q3))
                                        .max(__q4.max(__q5).max(__q6.max(__q7))))
                                        .reduce_max(),
                                )
                            };
                            let __mn = __m1.max(__bm);
                            if __mn.ne(__m1).any() {
                                let __sc = <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                    __m1.eq(__mn),
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                        __s,
                                        1f64,
                                    ),
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __m1.sub(__mn),
                                    ),
                                );
                                __a1_0 = __a1_0.mul(__sc);
                                __b1_0 = __b1_0.mul(__sc);
                                __a1_1 = __a1_1.mul(__sc);
                                __b1_1 = __b1_1.mul(__sc);
                                __a1_2 = __a1_2.mul(__sc);
                                __b1_2 = __b1_2.mul(__sc);
                                __a1_3 = __a1_3.mul(__sc);
                                __b1_3 = __b1_3.mul(__sc);
                                __m1 = __mn;
                                __sh1 = <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                    __m1
                                        .eq(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                f64::NEG_INFINITY,
                                            ),
                                        ),
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                        __s,
                                        0f64,
                                    ),
                                    __m1,
                                );
                            }
                        }
                        let mut __k = 0usize;
                        while __k < 32usize {
                            ::kernelize::__private::simd::prefetch(
                                &z,
                                __i,
                                4usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                            );
                            let __gr0 = &z[__i..__i
                                + 4usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                            {
                                let __g = __i
                                    + 0usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                    __s,
                                    &__gr0[__g - __i..],
                                );
                                __a1_0 = __a1_0
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            {
                                let __g = __i
                                    + 1usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                    __s,
                                    &__gr0[__g - __i..],
                                );
                                __a1_1 = __a1_1
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            {
                                let __g = __i
                                    + 2usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                    __s,
                                    &__gr0[__g - __i..],
                                );
                                __a1_2 = __a1_2
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            {
                                let __g = __i
                                    + 3usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                    __s,
                                    &__gr0[__g - __i..],
                                );
                                __a1_3 = __a1_3
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            __i
                                += 4usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            __k += 1;
                        }
                        __b1_0 = __b1_0.add(__a1_0);
                        __a1_0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                            __s,
                            0f64,
                        );
                        __b1_1 = __b1_1.add(__a1_1);
                        __a1_1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                            __s,
                            0f64,
                        );
                        __b1_2 = __b1_2.add(__a1_2);
                        __a1_2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                            __s,
                            0f64,
                        );
                        __b1_3 = __b1_3.add(__a1_3);
                        __a1_3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                            __s,
                            0f64,
                        );
                    }
                    if __i < __hi {
                        {
                            let __end: usize = __hi;
                            let __bm = {
                                let mut __q0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q4 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q5 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q6 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __q7 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    f64::NEG_INFINITY,
                                );
                                let mut __g = __i;
                                while __g
                                    + 8usize
                                        * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                                    <= __end
                                {
                                    let __gr0 = &z[__g..__g
                                        + 8usize
                                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                                    {
                                        let __g = __g
                                            + 0usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[0usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q0 = __q0.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 1usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[1usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q1 = __q1.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 2usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[2usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q2 = __q2.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 3usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[3usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q3 = __q3.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 4usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[4usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q4 = __q4.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 5usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[5usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q5 = __q5.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 6usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[6usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q6 = __q6.max(__v0);
                                    }
                                    {
                                        let __g = __g
                                            + 7usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                            __s,
                                            &__gr0[7usize
                                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES..],
                                        );
                                        __q7 = __q7.max(__v0);
                                    }
                                    __g
                                        += 8usize
                                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                }
                                while __g
                                    + <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                                    <= __end
                                {
                                    let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                        __s,
                                        &z[__g..],
                                    );
                                    __q0 = __q0.max(__v0);
                                    __g
                                        += <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                                }
                                if __g < __end {
                                    let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load_partial(
                                        __s,
                                        &z[__g..][..__hi - __g],
                                        0f64,
                                    );
                                    let __valid = <<S as ::kernelize::__private::simd::Simd>::F64>::iota(
                                            __s,
                                        )
                                        .lt(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                (__hi - __g) as f64,
                                            ),
                                        );
                                    __q0 = __q0
                                        .max(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                                __valid,
                                                __v0,
                                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                    __s,
                                                    f64::NEG_INFINITY,
                                                ),
                                            ),
                                        );
                                }
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    (__q0
                                        .max(__q1)
                                        .max(__q2.max(__q3))
                                        .max(__q4.max(__q5).max(__q6.max(__q7))))
                                        .reduce_max(),
                                )
                            };
                            let __mn = __m1.max(__bm);
                            if __mn.ne(__m1).any() {
                                let __sc = <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                    __m1.eq(__mn),
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                        __s,
                                        1f64,
                                    ),
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __m1.sub(__mn),
                                    ),
                                );
                                __a1_0 = __a1_0.mul(__sc);
                                __b1_0 = __b1_0.mul(__sc);
                                __a1_1 = __a1_1.mul(__sc);
                                __b1_1 = __b1_1.mul(__sc);
                                __a1_2 = __a1_2.mul(__sc);
                                __b1_2 = __b1_2.mul(__sc);
                                __a1_3 = __a1_3.mul(__sc);
                                __b1_3 = __b1_3.mul(__sc);
                                __m1 = __mn;
                                __sh1 = <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                    __m1
                                        .eq(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                f64::NEG_INFINITY,
                                            ),
                                        ),
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                        __s,
                                        0f64,
                                    ),
                                    __m1,
                                );
                            }
                        }
                    }
                    while __i
                        + 4usize
                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        ::kernelize::__private::simd::prefetch(
                            &z,
                            __i,
                            4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                        );
                        let __gr0 = &z[__i..__i
                            + 4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                        {
                            let __g = __i
                                + 0usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a1_0 = __a1_0
                                .add(
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __v0.sub(__sh1),
                                    ),
                                );
                        }
                        {
                            let __g = __i
                                + 1usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a1_1 = __a1_1
                                .add(
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __v0.sub(__sh1),
                                    ),
                                );
                        }
                        {
                            let __g = __i
                                + 2usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a1_2 = __a1_2
                                .add(
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __v0.sub(__sh1),
                                    ),
                                );
                        }
                        {
                            let __g = __i
                                + 3usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a1_3 = __a1_3
                                .add(
                                    ::kernelize::__private::math::exp_nonpositive(
                                        __v0.sub(__sh1),
                                    ),
                                );
                        }
                        __i
                            += 4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                    }
                    let mut __j = 0usize;
                    while __i
                        + <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        let __g = __i;
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                            __s,
                            &z[__g..],
                        );
                        match __j {
                            0usize => {
                                __a1_0 = __a1_0
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            1usize => {
                                __a1_1 = __a1_1
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            2usize => {
                                __a1_2 = __a1_2
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                            _ => {
                                __a1_3 = __a1_3
                                    .add(
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __v0.sub(__sh1),
                                        ),
                                    );
                            }
                        }
                        __i
                            += <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                        __j += 1;
                    }
                    if __i < __hi {
                        let __g = __i;
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load_partial(
                            __s,
                            &z[__g..__hi],
                            0f64,
                        );
                        let __valid = <<S as ::kernelize::__private::simd::Simd>::F64>::iota(
                                __s,
                            )
                            .lt(
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    (__hi - __g) as f64,
                                ),
                            );
                        match __j {
                            0usize => {
                                __a1_0 = __a1_0
                                    .add(
                                        <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                            __valid,
                                            ::kernelize::__private::math::exp_nonpositive(
                                                __v0.sub(__sh1),
                                            ),
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                0f64,
                                            ),
                                        ),
                                    );
                            }
                            1usize => {
                                __a1_1 = __a1_1
                                    .add(
                                        <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                            __valid,
                                            ::kernelize::__private::math::exp_nonpositive(
                                                __v0.sub(__sh1),
                                            ),
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                0f64,
                                            ),
                                        ),
                                    );
                            }
                            2usize => {
                                __a1_2 = __a1_2
                                    .add(
                                        <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                            __valid,
                                            ::kernelize::__private::math::exp_nonpositive(
                                                __v0.sub(__sh1),
                                            ),
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                0f64,
                                            ),
                                        ),
                                    );
                            }
                            _ => {
                                __a1_3 = __a1_3
                                    .add(
                                        <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                            __valid,
                                            ::kernelize::__private::math::exp_nonpositive(
                                                __v0.sub(__sh1),
                                            ),
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                __s,
                                                0f64,
                                            ),
                                        ),
                                    );
                            }
                        }
                    }
                    let _ = __j;
                    __b1_0 = __b1_0.add(__a1_0);
                    __b1_1 = __b1_1.add(__a1_1);
                    __b1_2 = __b1_2.add(__a1_2);
                    __b1_3 = __b1_3.add(__a1_3);
                    (
                        __m1.reduce_max(),
                        (
                            __m1.reduce_max(),
                            (__b1_0.add(__b1_1)).add(__b1_2.add(__b1_3)).reduce_sum(),
                        ),
                    )
                },
            );
            let __chunks = if __par {
                let __chunks = ::kernelize::__private::parallel::map_chunks(
                    __len,
                    |__r: ::core::ops::Range<usize>| {
                        ::kernelize::__private::simd::Simd::vectorize(
                            __s,
                            __InTier(
                                #[inline(always)]
                                move || {
                                    let __r = __r;
                                    __chunk(__r.start, __r.end)
                                },
                            ),
                        )
                    },
                );
                __chunks
            } else {
                let __chunks = ::kernelize::__private::parallel::serial_map_chunks(
                    __len,
                    |__r: ::core::ops::Range<usize>| {
                        ::kernelize::__private::simd::Simd::vectorize(
                            __s,
                            __InTier(
                                #[inline(always)]
                                move || {
                                    let __r = __r;
                                    __chunk(__r.start, __r.end)
                                },
                            ),
                        )
                    },
                );
                __chunks
            };
            let __parts = ::kernelize::__private::parallel::combine_pairwise(
                    __chunks,
                    |__a, __b| (
                        <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                __s,
                                __a.0,
                            )
                            .max(
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    __b.0,
                                ),
                            )
                            .extract(0),
                        {
                            let (__ma, __mb) = (
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    __a.1.0,
                                ),
                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    __b.1.0,
                                ),
                            );
                            let __mm = __ma.max(__mb);
                            let __sum = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                    __s,
                                    __a.1.1,
                                )
                                .mul(
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                        __ma.eq(__mm),
                                        <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                            __s,
                                            1f64,
                                        ),
                                        ::kernelize::__private::math::exp_nonpositive(
                                            __ma.sub(__mm),
                                        ),
                                    ),
                                )
                                .add(
                                    <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                            __s,
                                            __b.1.1,
                                        )
                                        .mul(
                                            <<S as ::kernelize::__private::simd::Simd>::F64>::select(
                                                __mb.eq(__mm),
                                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                    __s,
                                                    1f64,
                                                ),
                                                ::kernelize::__private::math::exp_nonpositive(
                                                    __mb.sub(__mm),
                                                ),
                                            ),
                                        ),
                                );
                            (__mm.extract(0), __sum.extract(0))
                        },
                    ),
                )
                .unwrap_or((f64::NEG_INFINITY, (f64::NEG_INFINITY, 0f64)));
            let _ = &__parts;
            let __v1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                __s,
                __parts.0,
            );
            let __v4 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                __s,
                if __parts.1.0.is_infinite() { f64::NAN } else { __parts.1.1 },
            );
            (__v1, __v4)
        };
        let __out: &mut [f64] = match __user_out.take() {
            ::core::option::Option::Some(__o) => {
                if __o.len() != __len0 {
                    return ::core::result::Result::Err(::kernelize::__private::Error::OutputLength {
                        kernel: __KERNEL,
                        expected: __len0,
                        actual: __o.len(),
                    });
                }
                __o
            }
            ::core::option::Option::None => {
                __owned = ::kernelize::__private::buffer::alloc_output::<f64>(__len0);
                &mut __owned[..]
            }
        };
        #[allow(clippy::let_unit_value)]
        let () = {
            let _ = "pass 2";
            let __len: usize = __len0;
            let __stream: bool = __len * ::core::mem::size_of::<f64>()
                >= ::kernelize::__private::dispatch::stream_min_bytes();
            let (__chunk,) = (
                #[inline(always)]
                |__lo: usize, __hi: usize, __dst: &mut [f64]| -> () {
                    let __stream: bool = __stream;
                    let mut __i = __lo;
                    while __i
                        + 4usize
                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        ::kernelize::__private::simd::prefetch(
                            &z,
                            __i,
                            4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                        );
                        let __gr0 = &z[__i..__i
                            + 4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                        let __gd = &mut __dst[__i
                            - __lo..__i - __lo
                            + 4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES];
                        {
                            let __g = __i
                                + 0usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            let __v2 = __v0.sub(__v1);
                            let __v3 = ::kernelize::__private::math::exp_nonpositive(
                                __v2,
                            );
                            let __v5 = __v3.div(__v4);
                            if __stream {
                                __v5.store_stream(&mut __gd[__g - __i..]);
                            } else {
                                __v5.store(&mut __gd[__g - __i..]);
                            }
                        }
                        {
                            let __g = __i
                                + 1usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            let __v2 = __v0.sub(__v1);
                            let __v3 = ::kernelize::__private::math::exp_nonpositive(
                                __v2,
                            );
                            let __v5 = __v3.div(__v4);
                            if __stream {
                                __v5.store_stream(&mut __gd[__g - __i..]);
                            } else {
                                __v5.store(&mut __gd[__g - __i..]);
                            }
                        }
                        {
                            let __g = __i
                                + 2usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            let __v2 = __v0.sub(__v1);
                            let __v3 = ::kernelize::__private::math::exp_nonpositive(
                                __v2,
                            );
                            let __v5 = __v3.div(__v4);
                            if __stream {
                                __v5.store_stream(&mut __gd[__g - __i..]);
                            } else {
                                __v5.store(&mut __gd[__g - __i..]);
                            }
                        }
                        {
                            let __g = __i
                                + 3usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            let __v2 = __v0.sub(__v1);
                            let __v3 = ::kernelize::__private::math::exp_nonpositive(
                                __v2,
                            );
                            let __v5 = __v3.div(__v4);
                            if __stream {
                                __v5.store_stream(&mut __gd[__g - __i..]);
                            } else {
                                __v5.store(&mut __gd[__g - __i..]);
                            }
                        }
                        __i
                            += 4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                    }
                    let mut __j = 0usize;
                    while __i
                        + <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        let __g = __i;
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                            __s,
                            &z[__g..],
                        );
                        let __v2 = __v0.sub(__v1);
                        let __v3 = ::kernelize::__private::math::exp_nonpositive(__v2);
                        let __v5 = __v3.div(__v4);
                        if __stream {
                            __v5.store_stream(&mut __dst[__g - __lo..]);
                        } else {
                            __v5.store(&mut __dst[__g - __lo..]);
                        }
                        match __j {
                            0usize => {}
                            1usize => {}
                            2usize => {}
                            _ => {}
                        }
                        __i
                            += <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                        __j += 1;
                    }
                    if __i < __hi {
                        let __g = __i;
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load_partial(
                            __s,
                            &z[__g..__hi],
                            0f64,
                        );
                        let __v2 = __v0.sub(__v1);
                        let __v3 = ::kernelize::__private::math::exp_nonpositive(__v2);
                        let __v5 = __v3.div(__v4);
                        __v5.store_partial(&mut __dst[__g - __lo..__hi - __lo]);
                        match __j {
                            0usize => {}
                            1usize => {}
                            2usize => {}
                            _ => {}
                        }
                    }
                    let _ = __j;
                    if __stream {
                        <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::stream_fence(
                            __s,
                        );
                    }
                    ()
                },
            );
            let __chunks = if __par {
                let __chunks = ::kernelize::__private::parallel::map_chunks_mut(
                    &mut *__out,
                    |__lo: usize, __c: &mut [_]| {
                        ::kernelize::__private::simd::Simd::vectorize(
                            __s,
                            __InTier(
                                #[inline(always)]
                                move || {
                                    let __c = __c;
                                    __chunk(__lo, __lo + __c.len(), __c)
                                },
                            ),
                        )
                    },
                );
                __chunks
            } else {
                let __chunks = ::kernelize::__private::parallel::serial_map_chunks_mut(
                    &mut *__out,
                    |__lo: usize, __c: &mut [_]| {
                        ::kernelize::__private::simd::Simd::vectorize(
                            __s,
                            __InTier(
                                #[inline(always)]
                                move || {
                                    let __c = __c;
                                    __chunk(__lo, __lo + __c.len(), __c)
                                },
                            ),
                        )
                    },
                );
                __chunks
            };
            let __parts = ::kernelize::__private::parallel::combine_pairwise(
                    __chunks,
                    |__a, __b| (),
                )
                .unwrap_or(());
            let _ = &__parts;
            ()
        };
        ::core::result::Result::Ok(__owned)
    }
    /// The body compiled for small and for large inputs (see `explain()`).
    #[inline(always)]
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        z: &[f64],
        __user_out: ::core::option::Option<&mut [f64]>,
    ) -> ::core::result::Result<::std::vec::Vec<f64>, ::kernelize::__private::Error> {
        let __large = 0usize.max(z.len() * ::core::mem::size_of::<f64>())
            >= ::kernelize::__private::dispatch::online_min_bytes();
        if !__large {
            return __core_0::<S>(__s, __par, z, __user_out);
        }
        if true {
            return __core_1::<S>(__s, __par, z, __user_out);
        }
        ::core::unreachable!("the last plan takes every size")
    }
}

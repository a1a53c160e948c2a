#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
pub fn softmax(z: &[f64]) -> ::std::vec::Vec<f64> {
    ::kernelize::__private::or_panic(
        softmax::__dispatch(
            ::kernelize::__private::Variant::Auto,
            z,
            ::core::option::Option::None,
        ),
    )
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
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Scalar,
                z,
                ::core::option::Option::None,
            ),
        )
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(z: &[f64]) -> ::std::vec::Vec<f64> {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Simd(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                z,
                ::core::option::Option::None,
            ),
        )
    }
    ///rayon over SIMD chunks at the selected tier, in the caller's rayon pool; bit-identical to [`simd`]. Panics on the errors [`with`] returns.
    pub fn parallel(z: &[f64]) -> ::std::vec::Vec<f64> {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Parallel(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                z,
                ::core::option::Option::None,
            ),
        )
    }
    /// Writes the result into `out` (no allocation), with the dispatcher's variant. Panics if `out` does not have the result's length or on the errors [`with`] returns.
    pub fn into(z: &[f64], out: &mut [f64]) {
        ::kernelize::__private::or_panic(
            into_with(::kernelize::__private::Variant::Auto, z, out),
        )
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
                                            ::kernelize::__private::lanes::Step::BlockStart { .. } => {}
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
        let mut __owned: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
        let __out_9: &mut [f64] = ::kernelize::__private::inorder::output(
            __KERNEL,
            __user_out,
            __len0_1,
            &mut __owned,
        )?;
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
                                            ::kernelize::__private::lanes::Step::BlockStart { .. } => {}
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
                                            ::kernelize::__private::lanes::Step::BlockStart { .. } => {}
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
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core_1<S: ::kernelize::__private::simd::Simd>(
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
        let mut __r4_5: f64 = 0f64;
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_1).saturating_sub(__lo);
            let __parts = ::kernelize::__private::inorder::run_chunks(
                __par,
                __count,
                |
                    __range: ::core::ops::Range<usize>,
                | -> ::core::result::Result<
                    ((f64, f64),),
                    ::kernelize::__private::Error,
                > {
                    ::kernelize::__private::simd::Simd::vectorize(
                        __s,
                        __InTier(
                            #[inline(always)]
                            || -> ::core::result::Result<
                                ((f64, f64),),
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
                                let mut __acc0 = ::kernelize::__private::lanes::OnlineSum::<
                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                >::new(__tok);
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
                                                __acc0.add(__slot, __s0_3, __valid);
                                            }
                                            ::kernelize::__private::lanes::Step::BlockEnd => {
                                                __acc0.end_block();
                                            }
                                            ::kernelize::__private::lanes::Step::BlockStart {
                                                w: __block,
                                                end: __block_end,
                                            } => {
                                                let __max = ::kernelize::__private::lanes::block_max::<
                                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                                >(
                                                    __tok,
                                                    __block,
                                                    __block_end,
                                                    #[inline(always)]
                                                    |
                                                        __w: usize,
                                                        __valid: usize,
                                                    | -> ::core::result::Result<
                                                        <S as ::kernelize::__private::simd::Simd>::F64,
                                                        ::kernelize::__private::Error,
                                                    > {
                                                        let __at = __lo + __c0 + __w;
                                                        let mut __s0_3 = ::kernelize::__private::lanes::load::<
                                                            <S as ::kernelize::__private::simd::Simd>::F64,
                                                        >(
                                                            __tok,
                                                            __KERNEL,
                                                            "z",
                                                            &z[..],
                                                            __at,
                                                            __valid,
                                                            ::core::option::Option::None,
                                                        )?;
                                                        ::core::result::Result::Ok(__s0_3)
                                                    },
                                                )?;
                                                __acc0.grow(__max);
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
            (__r1_4, __r4_5) = ::kernelize::__private::lanes::online_total(
                ::kernelize::__private::parallel::combine_pairwise(
                        __all,
                        |__a, __b| ::kernelize::__private::lanes::combine_online(
                            __a,
                            __b,
                        ),
                    )
                    .unwrap_or((f64::NEG_INFINITY, 0.0)),
            );
        }
        let mut __owned: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
        let __out_11: &mut [f64] = ::kernelize::__private::inorder::output(
            __KERNEL,
            __user_out,
            __len0_1,
            &mut __owned,
        )?;
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_1).saturating_sub(__lo);
            let __stream: bool = __count * ::core::mem::size_of::<f64>()
                >= ::kernelize::__private::dispatch::stream_min_bytes();
            let __shared___out_11 = unsafe {
                ::kernelize::__private::inorder::Shared::new(&mut __out_11[..])
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
                                let __win0 = &z[__lo + __c0..__lo + __c0 + __cn];
                                let mut __win1 = unsafe {
                                    ::kernelize::__private::lanes::own_window(
                                        &__shared___out_11,
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
                                                let mut __s0_7 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                                >(__tok, &__win0[__w..], __valid);
                                                let mut __e2_8 = __s0_7
                                                    .sub(
                                                        <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                            __tok,
                                                            __r1_4,
                                                        ),
                                                    );
                                                let mut __e3_9 = ::kernelize::__private::math::exp_nonpositive(
                                                    __e2_8,
                                                );
                                                let mut __e5_10 = __e3_9
                                                    .div(
                                                        <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                            __tok,
                                                            __r4_5,
                                                        ),
                                                    );
                                                {
                                                    let __value = __e5_10;
                                                    ::kernelize::__private::lanes::store_result::<
                                                        <S as ::kernelize::__private::simd::Simd>::F64,
                                                    >(
                                                        &mut __win1[__w..__w + __valid],
                                                        __value,
                                                        __valid,
                                                        ::core::option::Option::None,
                                                        __stream,
                                                    );
                                                }
                                            }
                                            ::kernelize::__private::lanes::Step::BlockEnd => {}
                                            ::kernelize::__private::lanes::Step::BlockStart { .. } => {}
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

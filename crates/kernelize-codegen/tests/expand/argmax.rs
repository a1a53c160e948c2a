#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
pub fn where_max(x: &[f64]) -> usize {
    ::kernelize::__private::or_panic(
        where_max::__dispatch(::kernelize::__private::Variant::Auto, x),
    )
}
///Variants, plan and tools of the kernel [`where_max`](fn@where_max) (signature `uintp(f8[:])`).
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
pub mod where_max {
    use super::*;
    const __KERNEL: &str = "where_max";
    /// The kernel's canonical Numba signature.
    pub const SIGNATURE: &str = "uintp(f8[:])";
    /// The fused loop plan: passes, what each reads, computes, reduces and writes,
    /// and why anything was stored or recomputed.
    pub fn explain() -> &'static str {
        "kernel `where_max`: signature `uintp(f8[:])`, elements `f64`, backends: scalar, simd, parallel\n2 pass(es) over memory; elementwise work is fused into the pass that consumes it\npass 1 (len = len(`x`)):\n  reads: `x`\n  reduces: `max(x)`\npass 2 (len = len(`x`)):\n  reads: `x`\n  searches: `argmax(x)` (first index holding the extreme)\nreductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: each accumulator restarts every 32 vectors and adds the block's partial into a second-level accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)\n"
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
        x: &[f64],
    ) -> ::core::result::Result<usize, ::kernelize::__private::Error> {
        __dispatch(variant, x)
    }
    ///Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on the errors [`with`] returns.
    pub fn scalar(x: &[f64]) -> usize {
        ::kernelize::__private::or_panic(
            __dispatch(::kernelize::__private::Variant::Scalar, x),
        )
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(x: &[f64]) -> usize {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Simd(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                x,
            ),
        )
    }
    ///rayon over SIMD chunks at the selected tier, in the caller's rayon pool; bit-identical to [`simd`]. Panics on the errors [`with`] returns.
    pub fn parallel(x: &[f64]) -> usize {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Parallel(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                x,
            ),
        )
    }
    /// Runs one variant: the dispatcher glue shared by every entry point.
    #[doc(hidden)]
    pub fn __dispatch(
        __variant: ::kernelize::__private::Variant,
        x: &[f64],
    ) -> ::core::result::Result<usize, ::kernelize::__private::Error> {
        let __size: usize = 0usize.max(x.len());
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
                    x: x,
                    __marker: ::core::marker::PhantomData,
                },
            )
        } else {
            ::kernelize::__private::dispatch::run_at(
                __tier,
                __Op {
                    __par: false,
                    x: x,
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
        x: &'a [f64],
        __marker: ::core::marker::PhantomData<&'a ()>,
    }
    impl<'a> ::kernelize::__private::simd::WithSimd for __Op<'a> {
        type Output = ::core::result::Result<usize, ::kernelize::__private::Error>;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(
            self,
            __s: S,
        ) -> Self::Output {
            __core::<S>(__s, self.__par, self.x)
        }
    }
    /// The whole-array computation at the caller's tier `S` (no dispatch): what a
    /// kernel calling this one runs, once.
    #[doc(hidden)]
    #[inline(always)]
    pub fn __whole<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        x: &[f64],
    ) -> ::core::result::Result<usize, ::kernelize::__private::Error> {
        __core::<S>(__s, __par, x)
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __kernelize_info_where_max_a9226918a537e422 {
        ($($rest:tt)*) => {
            ::kernelize::__private::kernel_resolved! { @ callee { kernel
            "uintp(f8[:])"(array f64) scalar usize } $($rest)* }
        };
    }
    #[doc(hidden)]
    pub use __kernelize_info_where_max_a9226918a537e422 as __kernelize_info;
    #[inline(always)]
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        x: &[f64],
    ) -> ::core::result::Result<usize, ::kernelize::__private::Error> {
        let _ = __s;
        let mut __len0_1: usize = x.len();
        if __len0_1 == 0 {
            return ::core::result::Result::Err(::kernelize::__private::Error::EmptyReduction {
                kernel: __KERNEL,
                reduction: "argmax",
                operand: "x",
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
                                let __win0 = &x[__lo + __c0..__lo + __c0 + __cn];
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
        let mut __r2_5: usize = 0usize;
        {
            let (__search_lo, __search_end): (usize, usize) = (0usize, __len0_1);
            let __from: usize = ::kernelize::__private::simd::Simd::vectorize(
                __s,
                __InTier(
                    #[inline(always)]
                    || -> usize {
                        #[allow(unused_imports)]
                        use ::kernelize::__private::simd::{Mask as _, Vector as _};
                        let __tok: S = __s;
                        ::kernelize::__private::lanes::first_hit(
                            __search_lo,
                            __search_end,
                            <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                            #[inline(always)]
                            |
                                __at: usize,
                                __valid: usize,
                            | -> ::core::result::Result<
                                u64,
                                ::kernelize::__private::Error,
                            > {
                                let mut __s0_7 = ::kernelize::__private::lanes::load::<
                                    <S as ::kernelize::__private::simd::Simd>::F64,
                                >(
                                    __tok,
                                    __KERNEL,
                                    "x",
                                    &x[..],
                                    __at,
                                    __valid,
                                    ::core::option::Option::None,
                                )?;
                                ::core::result::Result::Ok(
                                    ::kernelize::__private::simd::Mask::bitmask({
                                        let __mask0 = __s0_7
                                            .eq(
                                                <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                                                    __tok,
                                                    __r1_4,
                                                ),
                                            );
                                        ::kernelize::__private::simd::Mask::or(
                                            __mask0,
                                            __s0_7.ne(__s0_7),
                                        )
                                    }),
                                )
                            },
                        )
                    },
                ),
            );
            for __i_6 in __from..__search_end {
                let mut __s0_7: f64 = ::kernelize::__private::inorder::load(
                    __KERNEL,
                    "x",
                    &x[..],
                    __i_6,
                )?;
                if ((__s0_7 == __r1_4) || (__s0_7 != __s0_7)) {
                    __r2_5 = __i_6;
                    break;
                } else {}
            }
        }
        return ::core::result::Result::Ok(__r2_5);
    }
}

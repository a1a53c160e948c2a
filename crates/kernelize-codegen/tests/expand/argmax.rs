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
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        x: &[f64],
    ) -> ::core::result::Result<usize, ::kernelize::__private::Error> {
        #[allow(unused_imports)]
        use ::kernelize::__private::simd::{Mask as _, Vector as _};
        let __len0: usize = x.len();
        if __len0 == 0 {
            return ::core::result::Result::Err(::kernelize::__private::Error::EmptyReduction {
                kernel: __KERNEL,
                reduction: "argmax",
                operand: "x",
            });
        }
        #[allow(clippy::let_unit_value)]
        let (__v1,) = {
            let _ = "pass 1";
            let __len: usize = __len0;
            let (__chunk,) = (
                #[inline(always)]
                |__lo: usize, __hi: usize| -> (f64,) {
                    let mut __a0_0 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        f64::NEG_INFINITY,
                    );
                    let mut __a0_1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        f64::NEG_INFINITY,
                    );
                    let mut __a0_2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        f64::NEG_INFINITY,
                    );
                    let mut __a0_3 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                        __s,
                        f64::NEG_INFINITY,
                    );
                    let mut __i = __lo;
                    while __i
                        + 4usize
                            * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        ::kernelize::__private::simd::prefetch(
                            &x,
                            __i,
                            4usize
                                * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES,
                        );
                        let __gr0 = &x[__i..__i
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
                            __a0_0 = __a0_0.max(__v0);
                        }
                        {
                            let __g = __i
                                + 1usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a0_1 = __a0_1.max(__v0);
                        }
                        {
                            let __g = __i
                                + 2usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a0_2 = __a0_2.max(__v0);
                        }
                        {
                            let __g = __i
                                + 3usize
                                    * <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                            let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                                __s,
                                &__gr0[__g - __i..],
                            );
                            __a0_3 = __a0_3.max(__v0);
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
                            &x[__g..],
                        );
                        match __j {
                            0usize => {
                                __a0_0 = __a0_0.max(__v0);
                            }
                            1usize => {
                                __a0_1 = __a0_1.max(__v0);
                            }
                            2usize => {
                                __a0_2 = __a0_2.max(__v0);
                            }
                            _ => {
                                __a0_3 = __a0_3.max(__v0);
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
                            &x[__g..__hi],
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
                                __a0_0 = __a0_0
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
                            1usize => {
                                __a0_1 = __a0_1
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
                            2usize => {
                                __a0_2 = __a0_2
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
                            _ => {
                                __a0_3 = __a0_3
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
                        }
                    }
                    let _ = __j;
                    ((__a0_0.max(__a0_1).max(__a0_2.max(__a0_3))).reduce_max(),)
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
                    ),
                )
                .unwrap_or((f64::NEG_INFINITY,));
            let _ = &__parts;
            let __v1 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                __s,
                __parts.0,
            );
            (__v1,)
        };
        #[allow(clippy::let_unit_value)]
        let (__v2, __f2) = {
            let _ = "pass 2";
            let __len: usize = __len0;
            let (__chunk,) = (
                #[inline(always)]
                |__lo: usize, __hi: usize| -> ::core::option::Option<usize> {
                    let mut __g = __lo;
                    while __g
                        + <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES
                        <= __hi
                    {
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load(
                            __s,
                            &x[__g..],
                        );
                        let __bits = __v0.eq(__v1).or(__v0.is_nan()).bitmask();
                        if __bits != 0 {
                            return ::core::option::Option::Some(
                                __g + __bits.trailing_zeros() as usize,
                            );
                        }
                        __g
                            += <<S as ::kernelize::__private::simd::Simd>::F64 as ::kernelize::__private::simd::Vector>::LANES;
                    }
                    if __g < __hi {
                        let __v0 = <<S as ::kernelize::__private::simd::Simd>::F64>::load_partial(
                            __s,
                            &x[__g..__hi],
                            0f64,
                        );
                        let __valid = (1u64 << (__hi - __g)) - 1;
                        let __bits = __v0.eq(__v1).or(__v0.is_nan()).bitmask() & __valid;
                        if __bits != 0 {
                            return ::core::option::Option::Some(
                                __g + __bits.trailing_zeros() as usize,
                            );
                        }
                    }
                    ::core::option::Option::None
                },
            );
            let __found = if __par {
                let __found = ::kernelize::__private::parallel::map_chunks(
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
                    )
                    .into_iter()
                    .flatten()
                    .next();
                __found
            } else {
                let __found = ::kernelize::__private::parallel::serial_find_chunks(
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
                __found
            };
            let __v2: usize = __found.unwrap_or(0);
            let __f2 = <<S as ::kernelize::__private::simd::Simd>::F64>::splat(
                __s,
                __v2 as f64,
            );
            (__v2, __f2)
        };
        ::core::result::Result::Ok(__v2)
    }
}

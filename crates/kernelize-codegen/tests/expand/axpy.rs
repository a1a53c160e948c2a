#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
pub fn axpy(a: f32, x: &[f32], y: &[f32]) -> ::std::vec::Vec<f32> {
    ::kernelize::__private::or_panic(
        axpy::__dispatch(
            ::kernelize::__private::Variant::Auto,
            a,
            x,
            y,
            ::core::option::Option::None,
        ),
    )
}
///Variants, plan and tools of the kernel [`axpy`](fn@axpy) (signature `f4[:](f4, f4[:], f4[:])`).
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
pub mod axpy {
    use super::*;
    const __KERNEL: &str = "axpy";
    /// The kernel's canonical Numba signature.
    pub const SIGNATURE: &str = "f4[:](f4, f4[:], f4[:])";
    /// The fused loop plan: passes, what each reads, computes, reduces and writes,
    /// and why anything was stored or recomputed.
    pub fn explain() -> &'static str {
        "kernel `axpy`: signature `f4[:](f4, f4[:], f4[:])`, elements `f32`, backends: scalar, simd\n1 pass(es) over memory; elementwise work is fused into the pass that consumes it\npass 1 (len = len(`x`)):\n  reads: `x`, `y`\n  computes per element (fused): `a * x + y`\n  writes: `a * x + y` into the output buffer (with streaming stores when the output is at least `dispatch::stream_min_bytes()`)\nreductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: each accumulator restarts every 32 vectors and adds the block's partial into a second-level accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)\n"
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
        __list
    }
    /// Runs one named variant (or `Variant::Auto`): an `Err`, not a panic, when
    /// this CPU lacks it or the arguments are invalid.
    pub fn with(
        variant: ::kernelize::__private::Variant,
        a: f32,
        x: &[f32],
        y: &[f32],
    ) -> ::core::result::Result<::std::vec::Vec<f32>, ::kernelize::__private::Error> {
        __dispatch(variant, a, x, y, ::core::option::Option::None)
    }
    ///Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on the errors [`with`] returns.
    pub fn scalar(a: f32, x: &[f32], y: &[f32]) -> ::std::vec::Vec<f32> {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Scalar,
                a,
                x,
                y,
                ::core::option::Option::None,
            ),
        )
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(a: f32, x: &[f32], y: &[f32]) -> ::std::vec::Vec<f32> {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Simd(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                a,
                x,
                y,
                ::core::option::Option::None,
            ),
        )
    }
    /// Writes the result into `out` (no allocation), with the dispatcher's variant. Panics if `out` does not have the result's length or on the errors [`with`] returns.
    pub fn into(a: f32, x: &[f32], y: &[f32], out: &mut [f32]) {
        ::kernelize::__private::or_panic(
            into_with(::kernelize::__private::Variant::Auto, a, x, y, out),
        )
    }
    /// Writes the result into `out` with one named variant; an `Err` instead of a panic.
    pub fn into_with(
        variant: ::kernelize::__private::Variant,
        a: f32,
        x: &[f32],
        y: &[f32],
        out: &mut [f32],
    ) -> ::core::result::Result<(), ::kernelize::__private::Error> {
        __dispatch(variant, a, x, y, ::core::option::Option::Some(out)).map(|_| ())
    }
    /// Runs one variant: the dispatcher glue shared by every entry point.
    #[doc(hidden)]
    pub fn __dispatch(
        __variant: ::kernelize::__private::Variant,
        a: f32,
        x: &[f32],
        y: &[f32],
        __user_out: ::core::option::Option<&mut [f32]>,
    ) -> ::core::result::Result<::std::vec::Vec<f32>, ::kernelize::__private::Error> {
        let __size: usize = 0usize.max(x.len()).max(y.len());
        let (__tier, __par) = match __variant {
            ::kernelize::__private::Variant::Auto => {
                ::kernelize::__private::dispatch::auto_choice(false, __size)
            }
            ::kernelize::__private::Variant::Scalar => {
                (::kernelize::__private::Tier::Scalar, false)
            }
            ::kernelize::__private::Variant::Simd(__t) => (__t, false),
            ::kernelize::__private::Variant::Parallel(__t) => (__t, true),
        };
        let __ran = if __par {
            return ::core::result::Result::Err(::kernelize::__private::Error::VariantUnavailable {
                kernel: __KERNEL,
                variant: __variant,
                reason: "the kernel is not declared `parallel`",
            })
        } else {
            ::kernelize::__private::dispatch::run_at(
                __tier,
                __Op {
                    __par: false,
                    a: a,
                    x: x,
                    y: y,
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
        a: f32,
        x: &'a [f32],
        y: &'a [f32],
        __user_out: ::core::option::Option<&'a mut [f32]>,
        __marker: ::core::marker::PhantomData<&'a ()>,
    }
    impl<'a> ::kernelize::__private::simd::WithSimd for __Op<'a> {
        type Output = ::core::result::Result<
            ::std::vec::Vec<f32>,
            ::kernelize::__private::Error,
        >;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(
            self,
            __s: S,
        ) -> Self::Output {
            __core::<S>(__s, self.__par, self.a, self.x, self.y, self.__user_out)
        }
    }
    /// The whole-array computation at the caller's tier `S` (no dispatch): what a
    /// kernel calling this one runs, once.
    #[doc(hidden)]
    #[inline(always)]
    pub fn __whole<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        a: f32,
        x: &[f32],
        y: &[f32],
    ) -> ::core::result::Result<::std::vec::Vec<f32>, ::kernelize::__private::Error> {
        __core::<S>(__s, false, a, x, y, ::core::option::Option::None)
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __kernelize_info_axpy_9df3e4d53a462e9b {
        ($($rest:tt)*) => {
            ::kernelize::__private::kernel_resolved! { @ callee { kernel
            "f4[:](f4, f4[:], f4[:])"(scalar f32, array f32, array f32) array f32 }
            $($rest)* }
        };
    }
    #[doc(hidden)]
    pub use __kernelize_info_axpy_9df3e4d53a462e9b as __kernelize_info;
    #[inline(always)]
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        a: f32,
        x: &[f32],
        y: &[f32],
        __user_out: ::core::option::Option<&mut [f32]>,
    ) -> ::core::result::Result<::std::vec::Vec<f32>, ::kernelize::__private::Error> {
        let _ = __s;
        let mut __len0_3: usize = x.len();
        if x.len() != y.len() {
            return ::core::result::Result::Err(::kernelize::__private::Error::LengthMismatch {
                kernel: __KERNEL,
                left: "x",
                left_len: x.len(),
                right: "y",
                right_len: y.len(),
            });
        }
        let mut __owned: ::std::vec::Vec<f32> = ::std::vec::Vec::new();
        let __out_9: &mut [f32] = ::kernelize::__private::inorder::output(
            __KERNEL,
            __user_out,
            __len0_3,
            &mut __owned,
        )?;
        {
            let __lo: usize = 0usize;
            let __count: usize = (__len0_3).saturating_sub(__lo);
            let __stream: bool = __count * ::core::mem::size_of::<f32>()
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
                                let __win0 = &x[__lo + __c0..__lo + __c0 + __cn];
                                let __win1 = &y[__lo + __c0..__lo + __c0 + __cn];
                                let mut __win2 = unsafe {
                                    ::kernelize::__private::lanes::own_window(
                                        &__shared___out_9,
                                        __lo + __c0,
                                        __cn,
                                    )
                                };
                                let ::core::option::Option::Some(mut __win2) = __win2 else {
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
                                                    <<S as ::kernelize::__private::simd::Simd>::F32 as ::kernelize::__private::simd::Vector>::LANES,
                                                );
                                                ::kernelize::__private::simd::prefetch(
                                                    &__win1[..],
                                                    __w,
                                                    <<S as ::kernelize::__private::simd::Simd>::F32 as ::kernelize::__private::simd::Vector>::LANES,
                                                );
                                                let mut __s1_5 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F32,
                                                >(__tok, &__win0[__w..], __valid);
                                                let mut __s2_6 = ::kernelize::__private::lanes::read::<
                                                    <S as ::kernelize::__private::simd::Simd>::F32,
                                                >(__tok, &__win1[__w..], __valid);
                                                let mut __e3_7 = <<S as ::kernelize::__private::simd::Simd>::F32>::splat(
                                                        __tok,
                                                        a,
                                                    )
                                                    .mul(__s1_5);
                                                let mut __e4_8 = __e3_7.add(__s2_6);
                                                {
                                                    let __value = __e4_8;
                                                    ::kernelize::__private::lanes::store_result::<
                                                        <S as ::kernelize::__private::simd::Simd>::F32,
                                                    >(
                                                        &mut __win2[__w..__w + __valid],
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
                                    <<S as ::kernelize::__private::simd::Simd>::F32 as ::kernelize::__private::simd::Vector>::LANES,
                                    __step,
                                )?;
                                if __stream {
                                    <<S as ::kernelize::__private::simd::Simd>::F32 as ::kernelize::__private::simd::Vector>::stream_fence(
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
}

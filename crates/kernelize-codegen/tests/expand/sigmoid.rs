#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
pub fn sigmoid(x: f64) -> f64 {
    ::kernelize::__private::or_panic(
        sigmoid::__core::<
            ::kernelize::__private::simd::ScalarTier,
        >(::kernelize::__private::simd::ScalarTier, false, x),
    )
}
///Variants, plan and tools of the kernel [`sigmoid`](fn@sigmoid) (signature `f8(f8)`).
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
pub mod sigmoid {
    use super::*;
    const __KERNEL: &str = "sigmoid";
    /// The kernel's canonical Numba signature.
    pub const SIGNATURE: &str = "f8(f8)";
    /// The fused loop plan: passes, what each reads, computes, reduces and writes,
    /// and why anything was stored or recomputed.
    pub fn explain() -> &'static str {
        "kernel `sigmoid`: signature `f8(f8)`, elements `f64`, backends: scalar, simd\n0 pass(es) over memory; elementwise work is fused into the pass that consumes it\nno pass: the kernel is scalar (elementwise when called with arrays)\nreductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: each accumulator restarts every 32 vectors and adds the block's partial into a second-level accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)\n"
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
        x: f64,
    ) -> ::core::result::Result<f64, ::kernelize::__private::Error> {
        __dispatch(variant, x)
    }
    ///Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on the errors [`with`] returns.
    pub fn scalar(x: f64) -> f64 {
        ::kernelize::__private::or_panic(
            __dispatch(::kernelize::__private::Variant::Scalar, x),
        )
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(x: f64) -> f64 {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Simd(
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
        x: f64,
    ) -> ::core::result::Result<f64, ::kernelize::__private::Error> {
        let __size: usize = 0usize;
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
        x: f64,
        __marker: ::core::marker::PhantomData<&'a ()>,
    }
    impl<'a> ::kernelize::__private::simd::WithSimd for __Op<'a> {
        type Output = ::core::result::Result<f64, ::kernelize::__private::Error>;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(
            self,
            __s: S,
        ) -> Self::Output {
            __core::<S>(__s, self.__par, self.x)
        }
    }
    /// The kernel applied to every lane of `V`: what a caller's loop calls when it
    /// passes arrays to this scalar kernel (a ufunc), fused into its own loop.
    #[inline(always)]
    pub fn __lanes<V: ::kernelize::__private::simd::Vector<Elem = f64>>(x: V) -> V {
        #[allow(unused_imports)]
        use ::kernelize::__private::simd::{Mask as _, Vector as _};
        let __tok = x.token();
        let _ = __tok;
        let __v0 = x;
        let __v1 = <V>::splat(__tok, 1.0f64);
        let __v2 = __v0.neg();
        let __v3 = ::kernelize::__private::math::exp(__v2);
        let __v4 = __v1.add(__v3);
        let __v5 = __v1.div(__v4);
        __v5
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __kernelize_info_sigmoid_37973b9d9e8e89a8 {
        ($($rest:tt)*) => {
            ::kernelize::__private::kernel_resolved! { @ callee { kernel "f8(f8)"(scalar
            f64) scalar f64 } $($rest)* }
        };
    }
    #[doc(hidden)]
    pub use __kernelize_info_sigmoid_37973b9d9e8e89a8 as __kernelize_info;
    #[inline(always)]
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        x: f64,
    ) -> ::core::result::Result<f64, ::kernelize::__private::Error> {
        let _ = __s;
        let mut __v1_1: f64 = 1.0f64;
        let mut __v2_2: f64 = (-x);
        let mut __v3_3: f64 = ::kernelize::__private::inorder::exp(__v2_2);
        let mut __v4_4: f64 = (__v1_1 + __v3_3);
        let mut __v5_5: f64 = (__v1_1 / __v4_4);
        return ::core::result::Result::Ok(__v5_5);
    }
}

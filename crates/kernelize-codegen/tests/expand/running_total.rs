#[allow(dead_code, unused_variables, unused_mut, clippy::all)]
pub fn running_total(x: &[f64]) -> (f64, ::std::vec::Vec<f64>) {
    ::kernelize::__private::or_panic(
        running_total::__dispatch(
            ::kernelize::__private::Variant::Auto,
            x,
            (::core::option::Option::None,),
        ),
    )
}
///Variants, plan and tools of the kernel [`running_total`](fn@running_total) (signature `Tuple((f8, f8[:]))(f8[:])`).
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
pub mod running_total {
    use super::*;
    const __KERNEL: &str = "running_total";
    /// The kernel's canonical Numba signature.
    pub const SIGNATURE: &str = "Tuple((f8, f8[:]))(f8[:])";
    /// The fused loop plan: passes, what each reads, computes, reduces and writes,
    /// and why anything was stored or recomputed.
    pub fn explain() -> &'static str {
        "kernel `running_total`: signature `Tuple((f8, f8[:]))(f8[:])`, backends: scalar, simd\nstatements, run in order (a `prange`'s chunks on the rayon pool in the parallel variant):\n  for `i` in 0..len(x): in order\n"
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
        x: &[f64],
    ) -> ::core::result::Result<
        (f64, ::std::vec::Vec<f64>),
        ::kernelize::__private::Error,
    > {
        __dispatch(variant, x, (::core::option::Option::None,))
    }
    ///Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on the errors [`with`] returns.
    pub fn scalar(x: &[f64]) -> (f64, ::std::vec::Vec<f64>) {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Scalar,
                x,
                (::core::option::Option::None,),
            ),
        )
    }
    ///One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / `set_isa` chose). Panics on the errors [`with`] returns.
    pub fn simd(x: &[f64]) -> (f64, ::std::vec::Vec<f64>) {
        ::kernelize::__private::or_panic(
            __dispatch(
                ::kernelize::__private::Variant::Simd(
                    ::kernelize::__private::dispatch::selected_tier(),
                ),
                x,
                (::core::option::Option::None,),
            ),
        )
    }
    /// Writes the result's arrays into `out1` (no allocation; one buffer per array part, named by its position), with the dispatcher's variant, and returns the other parts as a tuple (`()` if none). Panics if a buffer does not have its part's length or on the errors [`with`] returns.
    pub fn into(x: &[f64], out1: &mut [f64]) -> (f64,) {
        ::kernelize::__private::or_panic(
            into_with(::kernelize::__private::Variant::Auto, x, out1),
        )
    }
    /// Writes the result's arrays into `out1` with one named variant and returns the other parts; an `Err` instead of a panic (buffers before the failing one may have been written).
    pub fn into_with(
        variant: ::kernelize::__private::Variant,
        x: &[f64],
        out1: &mut [f64],
    ) -> ::core::result::Result<(f64,), ::kernelize::__private::Error> {
        __dispatch(variant, x, (::core::option::Option::Some(out1),)).map(|__r| (__r.0,))
    }
    /// Runs one variant: the dispatcher glue shared by every entry point.
    #[doc(hidden)]
    pub fn __dispatch(
        __variant: ::kernelize::__private::Variant,
        x: &[f64],
        __user_out: (::core::option::Option<&mut [f64]>,),
    ) -> ::core::result::Result<
        (f64, ::std::vec::Vec<f64>),
        ::kernelize::__private::Error,
    > {
        let __size: usize = 0usize.max(x.len());
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
        x: &'a [f64],
        __user_out: (::core::option::Option<&'a mut [f64]>,),
        __marker: ::core::marker::PhantomData<&'a ()>,
    }
    impl<'a> ::kernelize::__private::simd::WithSimd for __Op<'a> {
        type Output = ::core::result::Result<
            (f64, ::std::vec::Vec<f64>),
            ::kernelize::__private::Error,
        >;
        #[inline(always)]
        fn with_simd<S: ::kernelize::__private::simd::Simd>(
            self,
            __s: S,
        ) -> Self::Output {
            __core::<S>(__s, self.__par, self.x, self.__user_out)
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
    ) -> ::core::result::Result<
        (f64, ::std::vec::Vec<f64>),
        ::kernelize::__private::Error,
    > {
        __core::<S>(__s, false, x, (::core::option::Option::None,))
    }
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __kernelize_info_running_total_0fabbfb1d018a011 {
        ($($rest:tt)*) => {
            ::kernelize::__private::kernel_resolved! { @ callee { kernel
            "Tuple((f8, f8[:]))(f8[:])"(array f64) tuple } $($rest)* }
        };
    }
    #[doc(hidden)]
    pub use __kernelize_info_running_total_0fabbfb1d018a011 as __kernelize_info;
    /// The kernel's statements (see `explain()`).
    #[inline(always)]
    #[allow(unreachable_code, clippy::needless_return)]
    pub fn __core<S: ::kernelize::__private::simd::Simd>(
        __s: S,
        __par: bool,
        x: &[f64],
        __user_out: (::core::option::Option<&mut [f64]>,),
    ) -> ::core::result::Result<
        (f64, ::std::vec::Vec<f64>),
        ::kernelize::__private::Error,
    > {
        let _ = __s;
        let mut __sums_1: ::std::vec::Vec<f64> = ::std::vec![0f64; x.len()];
        let mut __s_2: f64 = 0.0f64;
        for __i_3 in (0usize..x.len()) {
            __s_2 = (__s_2
                + ::kernelize::__private::inorder::load(__KERNEL, "x", &x[..], __i_3)?);
            {
                let __value = __s_2;
                let __index: usize = __i_3;
                *::kernelize::__private::inorder::slot(
                    __KERNEL,
                    "sums",
                    &mut __sums_1[..],
                    __index,
                )? = __value;
            }
        }
        return ::core::result::Result::Ok((
            __s_2,
            ::kernelize::__private::inorder::deliver_part(
                __KERNEL,
                "out1",
                1usize,
                __sums_1,
                __user_out.0,
            )?,
        ));
    }
}

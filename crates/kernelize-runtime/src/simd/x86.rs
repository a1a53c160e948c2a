//! The code the `core::arch` tiers (AVX2, AVX-512) write alike, once: each tier's own macro
//! (`avx2_vector!`, `avx512_vector!`) instantiates `x86_vector!` for `f64` and `f32`,
//! naming every intrinsic it uses, and adds the operations where the tiers differ.

#![cfg(target_arch = "x86_64")]

/// Defines the vector type `$V` (one `$reg` register of `$n` lanes of `$e`) and implements
/// [`Vector`](super::Vector) for it, with the operations that every x86 tier writes the same
/// way up to the intrinsics' names, which the caller supplies (`add _mm256_add_pd`, ...).
///
/// `$arch` is the tier's macro that evaluates intrinsics on register values (it carries
/// their `SAFETY` argument); `$features` names what `from_raw` requires of the CPU. The
/// tier's own items for the `impl Vector` (partial loads and stores, `select`, `abs`, the
/// bit-level helpers) follow in braces and are pasted into it.
macro_rules! x86_vector {
    (
        $(#[$doc:meta])*
        vector $V:ident($reg:ty), mask $M:ident, token $T:ident, elem $e:ty, lanes $n:literal,
        via $arch:ident, features $features:literal;
        set1 $set1:ident, setr $setr:ident [$($iota:literal),*],
        loadu $loadu:ident, storeu $storeu:ident,
        stream $stream:ident,
        add $add:ident, sub $sub:ident, mul $mul:ident, div $div:ident, fmadd $fmadd:ident,
        cmp $cmp:ident, max $max:ident, min $min:ident, sqrt $sqrt:ident, round $round:ident,
        and $and:ident, or $or:ident, andnot $andnot:ident, xor $xor:ident;
        int lanes: to_int $to_int:ident, from_int $from_int:ident, addi $addi:ident,
        sll $sll:ident;
        { $($tier:tt)* }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $V($reg);

        impl $V {
            /// The register.
            #[inline(always)]
            pub fn raw(self) -> $reg {
                self.0
            }
            /// Wraps a register (the vector then vouches for the tier's features).
            ///
            /// # Safety
            #[doc = concat!("The CPU must support ", $features, ".")]
            #[inline(always)]
            pub unsafe fn from_raw(x: $reg) -> Self {
                $V(x)
            }
            #[inline(always)]
            fn cmp<const P: i32>(self, o: Self) -> $M {
                $M($arch!($cmp::<P>(self.0, o.0)))
            }
            #[inline(always)]
            fn to_array(self) -> [$e; $n] {
                let mut a = [0.0; $n];
                self.store(&mut a);
                a
            }
        }

        impl $crate::simd::Vector for $V {
            type Token = $T;
            type Elem = $e;
            type Mask = $M;
            const LANES: usize = $n;

            #[inline(always)]
            fn splat(_: $T, x: $e) -> Self {
                $V($arch!($set1(x)))
            }
            #[inline(always)]
            fn iota(_: $T) -> Self {
                $V($arch!($setr($($iota),*)))
            }
            #[inline(always)]
            fn load(_: $T, src: &[$e]) -> Self {
                let src = &src[..$n];
                // SAFETY: the token proves the CPU has the tier's features; `src` has `LANES`
                // readable elements (checked above).
                $V(unsafe { $loadu(src.as_ptr()) })
            }
            #[inline(always)]
            fn store(self, dst: &mut [$e]) {
                let dst = &mut dst[..$n];
                // SAFETY: the vector proves the CPU has the tier's features; `dst` has `LANES`
                // writable elements (checked above).
                unsafe { $storeu(dst.as_mut_ptr(), self.0) }
            }
            #[inline(always)]
            fn store_stream(self, dst: &mut [$e]) {
                // Non-temporal stores need an address aligned to the register's width;
                // elsewhere a plain store. (Streaming a 16-byte-aligned output in 16-byte
                // pieces measured 3-5 % slower than plain stores for the softmax at 10^8:
                // see `dispatch::STREAM_MIN_BYTES`.) A buffer's alignment is the same for
                // every vector of a pass, so the branch predicts perfectly.
                let dst = &mut dst[..$n];
                let p = dst.as_mut_ptr();
                if p as usize % ::core::mem::size_of::<$reg>() == 0 {
                    // SAFETY: the vector proves the CPU has the tier's features; `dst` has
                    // `LANES` writable elements (checked above) and `p` is aligned to the
                    // register's width, as the streaming store requires.
                    unsafe { $stream(p, self.0) }
                } else {
                    self.store(dst)
                }
            }
            #[inline(always)]
            fn stream_fence(_: $T) {
                $arch!(_mm_sfence())
            }
            #[inline(always)]
            fn token(self) -> $T {
                $T(())
            }

            #[inline(always)]
            fn add(self, o: Self) -> Self {
                $V($arch!($add(self.0, o.0)))
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                $V($arch!($sub(self.0, o.0)))
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                $V($arch!($mul(self.0, o.0)))
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                $V($arch!($div(self.0, o.0)))
            }
            #[inline(always)]
            fn neg(self) -> Self {
                $V($arch!($xor(self.0, $set1(-0.0))))
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                $V($arch!($fmadd(self.0, b.0, c.0)))
            }

            #[inline(always)]
            fn lt(self, o: Self) -> $M {
                self.cmp::<_CMP_LT_OQ>(o)
            }
            #[inline(always)]
            fn le(self, o: Self) -> $M {
                self.cmp::<_CMP_LE_OQ>(o)
            }
            #[inline(always)]
            fn gt(self, o: Self) -> $M {
                self.cmp::<_CMP_GT_OQ>(o)
            }
            #[inline(always)]
            fn ge(self, o: Self) -> $M {
                self.cmp::<_CMP_GE_OQ>(o)
            }
            #[inline(always)]
            fn eq(self, o: Self) -> $M {
                self.cmp::<_CMP_EQ_OQ>(o)
            }
            #[inline(always)]
            fn ne(self, o: Self) -> $M {
                self.cmp::<_CMP_NEQ_UQ>(o)
            }
            #[inline(always)]
            fn is_nan(self) -> $M {
                self.cmp::<_CMP_UNORD_Q>(self)
            }

            #[inline(always)]
            fn clamp(self, lo: Self, hi: Self) -> Self {
                // The second operand comes back when either is NaN or the two are equal: a
                // NaN `self` passes both, and a lane equal to a bound is the bound (its
                // bits, the bounds not being zero). Two instructions, where `max` and
                // `min` with their rule for zeros take more on AVX2.
                $V($arch!($min(hi.0, $max(lo.0, self.0))))
            }
            #[inline(always)]
            fn at_least(self, lo: Self) -> Self {
                // As in `clamp`: a NaN `self` comes back.
                $V($arch!($max(lo.0, self.0)))
            }
            #[inline(always)]
            fn add_shifted_bits(self, s: Self, shift: u32) -> Self {
                // A constant `shift` becomes the immediate form once inlined.
                let up = $arch!($sll($to_int(s.0), _mm_cvtsi32_si128(shift as i32)));
                $V($arch!($from_int($addi($to_int(self.0), up))))
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $V($arch!($sqrt(self.0)))
            }
            #[inline(always)]
            fn floor(self) -> Self {
                $V($arch!($round::<{ _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC }>(self.0)))
            }
            #[inline(always)]
            fn ceil(self) -> Self {
                $V($arch!($round::<{ _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC }>(self.0)))
            }
            #[inline(always)]
            fn round(self) -> Self {
                $V($arch!($round::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(self.0)))
            }

            #[inline(always)]
            fn reduce_sum(self) -> $e {
                $crate::simd::reduce_pairwise(self.to_array(), |a, b| a + b)
            }
            #[inline(always)]
            fn reduce_prod(self) -> $e {
                $crate::simd::reduce_pairwise(self.to_array(), |a, b| a * b)
            }
            #[inline(always)]
            fn reduce_max(self) -> $e {
                $crate::simd::reduce_pairwise(self.to_array(), $crate::simd::nan_max)
            }
            #[inline(always)]
            fn reduce_min(self) -> $e {
                $crate::simd::reduce_pairwise(self.to_array(), $crate::simd::nan_min)
            }
            #[inline(always)]
            fn extract(self, i: usize) -> $e {
                self.to_array()[i]
            }

            #[inline(always)]
            fn copysign(self, sign: Self) -> Self {
                let s = $arch!($set1(-0.0));
                $V($arch!($or($andnot(s, self.0), $and(s, sign.0))))
            }

            $($tier)*
        }
    };
}

pub(crate) use x86_vector;

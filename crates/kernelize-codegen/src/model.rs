//! The checked model of one `#[kernel]` item: what the front end (attribute, signature
//! string, Rust fn) hands to the compiler (body lowering, plan, backends, surface).
//!
//! The front end guarantees: every argument is a plain identifier pattern whose type is
//! one of the supported shapes, element types agree with the signature string when one
//! was given, and the options are known and not repeated.

use proc_macro2::Span;

/// Element type of a scalar or of an array's elements (Numba's scalar codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElemType {
    /// `b1` / `bool`
    Bool,
    /// `i1` / `i8`
    I8,
    /// `i2` / `i16`
    I16,
    /// `i4` / `i32`
    I32,
    /// `i8` / `i64`
    I64,
    /// `intp` / `isize`
    Isize,
    /// `u1` / `u8`
    U8,
    /// `u2` / `u16`
    U16,
    /// `u4` / `u32`
    U32,
    /// `u8` / `u64`
    U64,
    /// `uintp` / `usize`
    Usize,
    /// `f4` / `f32`
    F32,
    /// `f8` / `f64`
    F64,
}

impl ElemType {
    /// The Rust type name (`f64`, `usize`, ...).
    pub fn rust_name(self) -> &'static str {
        match self {
            ElemType::Bool => "bool",
            ElemType::I8 => "i8",
            ElemType::I16 => "i16",
            ElemType::I32 => "i32",
            ElemType::I64 => "i64",
            ElemType::Isize => "isize",
            ElemType::U8 => "u8",
            ElemType::U16 => "u16",
            ElemType::U32 => "u32",
            ElemType::U64 => "u64",
            ElemType::Usize => "usize",
            ElemType::F32 => "f32",
            ElemType::F64 => "f64",
        }
    }

    /// The canonical Numba code (`f8`, `intp`, ...).
    pub fn numba_code(self) -> &'static str {
        match self {
            ElemType::Bool => "b1",
            ElemType::I8 => "i1",
            ElemType::I16 => "i2",
            ElemType::I32 => "i4",
            ElemType::I64 => "i8",
            ElemType::Isize => "intp",
            ElemType::U8 => "u1",
            ElemType::U16 => "u2",
            ElemType::U32 => "u4",
            ElemType::U64 => "u8",
            ElemType::Usize => "uintp",
            ElemType::F32 => "f4",
            ElemType::F64 => "f8",
        }
    }

    /// The element type a Rust primitive type name denotes, if any.
    pub fn from_rust_name(name: &str) -> Option<ElemType> {
        Some(match name {
            "bool" => ElemType::Bool,
            "i8" => ElemType::I8,
            "i16" => ElemType::I16,
            "i32" => ElemType::I32,
            "i64" => ElemType::I64,
            "isize" => ElemType::Isize,
            "u8" => ElemType::U8,
            "u16" => ElemType::U16,
            "u32" => ElemType::U32,
            "u64" => ElemType::U64,
            "usize" => ElemType::Usize,
            "f32" => ElemType::F32,
            "f64" => ElemType::F64,
            _ => return None,
        })
    }

    /// `true` for `f32` and `f64`, the element types arrays may have in version 1.
    pub fn is_float(self) -> bool {
        matches!(self, ElemType::F32 | ElemType::F64)
    }
}

/// How an argument is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// `T` by value.
    Scalar,
    /// `&[T]`: a read-only 1-D array.
    Array,
    /// `&mut [T]`: an output or in-place 1-D array.
    ArrayMut,
}

/// One argument of the kernel, checked against the signature.
#[derive(Clone, Debug)]
pub struct KernelArg {
    /// The argument's name, with the span of the user's identifier.
    pub name: syn::Ident,
    /// Element type.
    pub elem: ElemType,
    /// Scalar or array.
    pub kind: ArgKind,
    /// Span of the user's Rust type, for diagnostics.
    pub ty_span: Span,
}

/// What the kernel returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnKind {
    /// No return type (`void`).
    Void,
    /// A scalar `T`.
    Scalar(ElemType),
    /// An array result, `Vec<T>`.
    Array(ElemType),
    /// Several results, a Rust tuple: [`KernelDecl::parts`] (each a scalar or an array).
    Tuple,
}

/// The attribute's options.
#[derive(Clone, Debug, Default)]
pub struct KernelOptions {
    /// `parallel`: also generate the rayon variant.
    pub parallel: bool,
    /// `nogil`: accepted for Numba compatibility (kernels never take a global lock).
    pub nogil: bool,
    /// `fastmath`: contract `a * b ± c` into fused multiply-adds (reductions keep their
    /// fixed order, already the fast one).
    pub fastmath: bool,
    /// `cache`: accepted for Numba compatibility (kernels are compiled ahead of time).
    pub cache: bool,
}

/// A `#[kernel]` item after the front end has checked it.
#[derive(Clone, Debug)]
pub struct KernelDecl {
    /// The user's function, unchanged (its body is lowered by `lang`).
    pub func: syn::ItemFn,
    /// Arguments in order.
    pub args: Vec<KernelArg>,
    /// The result.
    pub ret: ReturnKind,
    /// The parts of a [`ReturnKind::Tuple`] result, in order (empty otherwise).
    pub parts: Vec<ReturnKind>,
    /// Attribute options.
    pub options: KernelOptions,
    /// The canonical signature string (given or derived), e.g. `f8[:](f8[:])`, for docs
    /// and `explain()`.
    pub signature: String,
}

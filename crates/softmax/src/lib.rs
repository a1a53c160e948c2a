//! Softmax kernels built on kernelize.

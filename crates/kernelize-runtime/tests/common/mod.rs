//! What the runtime's test files share: running this test binary again as a child process
//! with environment variables set (how the tests of overrides read once per process,
//! `KERNELIZE_ISA` and `KERNELIZE_VARIANT`, get a fresh process per case), and a
//! deterministic random generator.

// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::process::Command;

/// What a child printed.
pub struct Child {
    /// Its standard output.
    pub stdout: String,
    /// Its standard error (warnings).
    pub stderr: String,
}

impl Child {
    /// Runs the test `test` of this binary alone, with `vars` set (`None`: removed) and
    /// `marker` set to `1`; panics if it fails.
    pub fn run(test: &str, marker: &str, vars: &[(&str, Option<&str>)]) -> Child {
        let mut cmd = Command::new(std::env::current_exe().expect("test binary path"));
        cmd.args(["--exact", test, "--nocapture"]).env(marker, "1");
        for (k, v) in vars {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let out = cmd.output().expect("run the child");
        assert!(out.status.success(), "child failed: {out:?}");
        Child {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The rest of the line of standard output starting with `key`.
    pub fn field(&self, key: &str) -> String {
        self.stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no `{key}` in child output: {}", self.stdout))
            .to_owned()
    }
}

/// Deterministic generator (splitmix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Sign times 2^u, `u` uniform in `[lo, hi]`: every binade equally often.
    pub fn log_uniform(&mut self, lo: f64, hi: f64, signed: bool) -> f64 {
        let m = self.uniform(lo, hi).exp2();
        if signed && self.next() & 1 == 1 {
            -m
        } else {
            m
        }
    }
}

//! Running this test binary again as a child process with environment variables set: how
//! the tests of overrides read once per process (`KERNELIZE_ISA`, `KERNELIZE_VARIANT`)
//! get a fresh process per case.

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

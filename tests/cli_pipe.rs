//! Regression: `scwres report ... | head` must end quietly, not panic on the closed pipe.

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_cli_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // Pay bands with names long enough that the JSON is far larger than a pipe's buffer.
    let mut file = String::from("workforce,measure,pay_band,white,minority_ethnic,not_known\n");
    let long = "x".repeat(4_000);
    for i in 0..50 {
        file.push_str(&format!(
            "adults,staff,Band {i} {long},{},{},1\n",
            20 + i % 7,
            10 + i % 5
        ));
    }
    let path = std::env::temp_dir().join(format!("scwres-pipe-{}.csv", std::process::id()));
    std::fs::write(&path, file).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scwres"))
        .args(["report", path.to_str().unwrap(), "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    // Read one byte, then close our end of the pipe while it is still writing.
    let mut one = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut one).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

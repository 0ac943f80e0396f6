//! Generator speed on a service-sized synthetic schema (100 actions, 200
//! structures). Peak memory and generated-crate build time are measured with
//! `/usr/bin/time -v cargo xtask codegen` and `cargo build`; see the README.

use criterion::{criterion_group, criterion_main, Criterion};

fn generator(c: &mut Criterion) {
    let source = codegen::synthetic::schema(100, 200);
    let lines: usize = codegen::generate(&source)
        .unwrap()
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    println!(
        "synthetic schema: {} files in, {lines} generated lines out",
        source.files.len()
    );
    let mut group = c.benchmark_group("codegen_100_actions_200_structures");
    group.sample_size(20);
    group.bench_function("load_and_validate", |b| {
        b.iter(|| codegen::check(&source).unwrap())
    });
    group.bench_function("validate_emit_format", |b| {
        b.iter(|| codegen::generate(&source).unwrap())
    });
    group.finish();
}

criterion_group!(benches, generator);
criterion_main!(benches);

//! The completion target: Tab and the hint line (`wavecall::complete`) at any cursor of any
//! call text, partial or mutated. Nothing may panic, and the word a completion replaces
//! lies before the cursor, on a character boundary.

use wavecall::complete::{self, Names};
use wavecall::{Program, Type};

use super::{Choices, mutate, random_call};

/// A call of one of `program`'s functions, cut short and mutated, completed and hinted at a
/// random cursor.
pub fn completion(program: &Program, rng: &mut dyn Choices) {
    // The value generator makes no handles: functions that take them are left out.
    let funcs: Vec<_> = program
        .exports()
        .funcs()
        .iter()
        .filter(|f| f.params().iter().all(|(_, t)| !handle(t)))
        .collect();
    if funcs.is_empty() {
        return;
    }
    let func = funcs[rng.below(funcs.len())];
    let mut text = random_call(&func.invoke_name(), &func.params(), rng);
    if rng.one_in(2) {
        // What is typed so far: the call up to some character.
        let mut cut = rng.below(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    for _ in 0..rng.below(3) {
        mutate(&mut text, rng);
    }
    let pos = rng.below(text.len() + 2);
    let names = Names::default();
    let found = complete::complete(program, &names, &text, pos);
    assert!(
        found.start <= pos.min(text.len()) && text.is_char_boundary(found.start),
        "completion of {text:?} at {pos} replaces from {}",
        found.start
    );
    let _ = complete::hint(program, &names, &text, pos);
}

/// Whether a type holds a handle anywhere.
fn handle(ty: &Type) -> bool {
    match ty {
        Type::Own(_) | Type::Borrow(_) => true,
        Type::List(l) => handle(&l.ty()),
        Type::Option(o) => handle(&o.ty()),
        Type::Tuple(t) => t.types().any(|t| handle(&t)),
        Type::Record(r) => r.fields().any(|f| handle(&f.ty)),
        Type::Variant(v) => v.cases().any(|c| c.ty.as_ref().is_some_and(handle)),
        Type::Result(r) => r.ok().iter().chain(r.err().iter()).any(handle),
        _ => false,
    }
}

//! A small Rust component of the kind people write: it uses the standard library, so it
//! imports WASI (the environment, stderr for panics, streams), and `bench/run.sh` times a
//! warm one-shot call of it against `wavecall --version`.

wit_bindgen::generate!({
    inline: "
        package bench:greet;

        world greet {
            export greet: func(name: string) -> string;
        }
    ",
});

struct Greet;

impl Guest for Greet {
    fn greet(name: String) -> String {
        let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
        format!("{greeting}, {name}!")
    }
}

export!(Greet);

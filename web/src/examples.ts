// The project's WIT fixtures (`wit/*.wit`), bundled into the page as text, each with a call
// and a result to start from.

import echo from "../../wit/echo.wit";
import manyParams from "../../wit/many-params.wit";
import resources from "../../wit/resources.wit";
import shapes from "../../wit/shapes.wit";
import types from "../../wit/types.wit";

export interface Example {
  name: string;
  wit: string;
  call: string;
  result: string;
}

export const EXAMPLES: Example[] = [
  { name: "shapes: a variant, flattened", wit: shapes, call: "area(circle({radius: 1.0}))", result: "3.1415927" },
  {
    name: "shapes: a result in memory",
    wit: shapes,
    call: "scale(rect({width: 1.0, height: 2.0}), 0.5)",
    result: "rect({width: 0.5, height: 1.0})",
  },
  { name: "echo: strings and cabi_realloc", wit: echo, call: 'greet("hé", ["", "ab"])', result: "" },
  { name: "types: a record of a string and a list", wit: types, call: 'countdown("hé", 3)', result: '{title: "hé", values: [3, 2, 1]}' },
  { name: "types: a record with an option", wit: types, call: 'echo-person({name: "Ada", age: 36, nickname: some("ada")})', result: '{name: "Ada", age: 36}' },
  { name: "types: flags", wit: types, call: "echo-perms({read, exec})", result: "{read, exec}" },
  {
    name: "many-params: spilled to memory",
    wit: manyParams,
    call: 'mixed(1, "a", 2, "bc", 3.5, "", true, "d", -5, "é", 7, "f")',
    result: '("abcdéf", 8.5)',
  },
  { name: "resources: a handle", wit: resources, call: "consume(counter(0))", result: "1" },
];

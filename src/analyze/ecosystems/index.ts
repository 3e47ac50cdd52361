// The ecosystem detectors, in the order they are asked: the first whose tools the stage uses wins.
// Compiled languages come before Python and Node because their images often also run npm for front-end
// assets, while the process that runs is the binary, the jar or the assembly; Ruby and PHP apps (Rails,
// Laravel) build front-end assets with npm too.
import type { Ecosystem } from '../ecosystem.ts';
import { dotnet } from './dotnet.ts';
import { go } from './go.ts';
import { java } from './java.ts';
import { node } from './node.ts';
import { php } from './php.ts';
import { python } from './python.ts';
import { ruby } from './ruby.ts';
import { rust } from './rust.ts';

export const ECOSYSTEMS: readonly Ecosystem[] = [go, rust, java, dotnet, ruby, php, python, node];

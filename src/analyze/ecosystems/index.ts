// The ecosystem detectors, in the order they are asked: the first whose tools the stage uses wins.
// Compiled languages come before Python and Node because their images often also run npm for front-end
// assets, while the process that runs is the binary, the jar or the assembly.
import type { Ecosystem } from '../ecosystem.ts';
import { dotnet } from './dotnet.ts';
import { go } from './go.ts';
import { java } from './java.ts';
import { node } from './node.ts';
import { python } from './python.ts';
import { rust } from './rust.ts';

export const ECOSYSTEMS: readonly Ecosystem[] = [go, rust, java, dotnet, python, node];

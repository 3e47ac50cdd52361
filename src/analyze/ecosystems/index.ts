// The ecosystem detectors, in the order they are asked: the first whose tools the stage uses wins.
// Go and Python come before Node because their images often also run npm for front-end assets, while the
// process that runs is the Go binary or the Python app.
import type { Ecosystem } from '../ecosystem.ts';
import { go } from './go.ts';
import { node } from './node.ts';
import { python } from './python.ts';

export const ECOSYSTEMS: readonly Ecosystem[] = [go, python, node];

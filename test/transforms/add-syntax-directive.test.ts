import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('add-syntax-directive');

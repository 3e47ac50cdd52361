import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('order-copy-for-cache');

describe('toolchain', () => {
  it('tests run on Node 24, the major of the Lambda runtime (NODEJS_24_X), not the system Node', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});

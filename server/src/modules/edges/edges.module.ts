import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EdgeActivationController } from './edge-activation.controller';
import { EdgeActivationService } from './edge-activation.service';
import { EdgeCertificateAuthorityEntity } from './edge-ca.entity';
import { EdgeCaRepository } from './edge-ca.repository';
import { EdgeCaService } from './edge-ca.service';
import { EdgeEntity } from './edge.entity';
import { EdgeRepository } from './edge.repository';
import { EdgesController } from './edges.controller';
import { EdgesService } from './edges.service';

/**
 * Edges (SPEC §1): a registry the roles scope to, one-time activation codes, the server's edge CA (mutual TLS,
 * docs/decisions/0007) and the connections the polling scheduler uses.
 */
@Module({
  imports: [TypeOrmModule.forFeature([EdgeEntity, EdgeCertificateAuthorityEntity])],
  controllers: [EdgesController, EdgeActivationController],
  providers: [EdgeRepository, EdgeCaRepository, EdgeCaService, EdgeActivationService, EdgesService],
  exports: [EdgesService],
})
export class EdgesModule {}
